// Bundle of scripts/lib/registry: The app's ECR repository: its images, tags and log-in.
// A script lists this file with //SOURCES; it names each file (no globs: JBang cannot expand them by URL).
//DEPS software.amazon.awssdk:ecr
//SOURCES Ecr.java
//SOURCES ImagePlatforms.java
