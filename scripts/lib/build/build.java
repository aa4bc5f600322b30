// Bundle of scripts/lib/build: The remote builder on AWS CodeBuild: its project, its sources bucket on S3, the buildspec labs hands it, its report.
// A script lists this file with //SOURCES; it names each file (no globs: JBang cannot expand them by URL).
// codebuild resolves from the registries labs is used with only at 2.40.2 (checked: it runs on the BOM's newer core)
//DEPS software.amazon.awssdk:codebuild:2.40.2
//DEPS software.amazon.awssdk:s3
//SOURCES BuildPolicies.java
//SOURCES BuildProject.java
//SOURCES BuildReport.java
//SOURCES Buildspec.java
//SOURCES CodeBuild.java
//SOURCES S3.java
