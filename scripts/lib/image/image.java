// Bundle of scripts/lib/image: Building the app's image with jib and pushing it (includes the registry bundle).
// A script lists this file with //SOURCES; it names each file (no globs: JBang cannot expand them by URL).
//DEPS com.google.cloud.tools:jib-core:0.28.1
//DEPS com.fasterxml.jackson.core:jackson-databind:2.15.2
//SOURCES ../registry/registry.java
//SOURCES DockerIgnore.java
//SOURCES GitState.java
//SOURCES ImageBuild.java
//SOURCES ImageProgress.java
//SOURCES ImageRecipe.java
//SOURCES ImageStep.java
//SOURCES OciRegistry.java
//SOURCES PythonLayer.java
