// Bundle of scripts/lib/image: Building the app's image (jib, the local Docker daemon, or AWS CodeBuild) and pushing it (includes the registry, service, build and wheels bundles).
// A script lists this file with //SOURCES; it names each file (no globs: JBang cannot expand them by URL).
//DEPS com.google.cloud.tools:jib-core:0.28.1
//DEPS com.fasterxml.jackson.core:jackson-databind:2.15.2
//DEPS org.apache.commons:commons-compress:1.26.0
//SOURCES ../registry/registry.java
//SOURCES ../service/service.java
//SOURCES ../build/build.java
//SOURCES ../wheels/wheels.java
//SOURCES Builder.java
//SOURCES BuilderChoice.java
//SOURCES ContextArchive.java
//SOURCES DockerBuild.java
//SOURCES DockerCli.java
//SOURCES DockerIgnore.java
//SOURCES DockerfilePackages.java
//SOURCES GitState.java
//SOURCES ImageBuild.java
//SOURCES ImageProgress.java
//SOURCES ImageRecipe.java
//SOURCES ImageStep.java
//SOURCES OciRegistry.java
//SOURCES PythonLayer.java
//SOURCES RemoteBuild.java
