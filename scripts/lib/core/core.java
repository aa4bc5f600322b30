// Bundle of scripts/lib/core: The shared base of every command: options, settings, names, console, errors, AWS clients, time.
// A script lists this file with //SOURCES; it names each file (no globs: JBang cannot expand them by URL).
// The script's JVM runs a short command: C1 only and the serial GC cut its CPU time by about a quarter
// (tests/bench/startup.sh). JVM warnings go to stderr and class-data-sharing messages nowhere, since
// stdout carries the result.
//RUNTIME_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable -Xlog:all=warning:stderr -Xlog:cds=off:stderr -Xlog:cds+dynamic=off:stderr
//DEPS info.picocli:picocli:4.7.7
//DEPS software.amazon.awssdk:bom:2.57.8@pom
//DEPS software.amazon.awssdk:aws-core
//DEPS software.amazon.awssdk:url-connection-client
//DEPS software.amazon.awssdk:sso
//DEPS software.amazon.awssdk:ssooidc
//DEPS org.slf4j:slf4j-nop:2.0.17
// office-hours schedules: AWS cron expressions checked and evaluated (settings, provision, status)
//DEPS com.cronutils:cron-utils:9.2.1
//SOURCES AppEnvironment.java
//SOURCES AotCache.java
//SOURCES AppService.java
//SOURCES AwsCron.java
//SOURCES Aws.java
//SOURCES Capacity.java
//SOURCES Config.java
//SOURCES Console.java
//SOURCES Durations.java
//SOURCES Failures.java
//SOURCES GithubDeployer.java
//SOURCES Json.java
//SOURCES Labs.java
//SOURCES LabsException.java
//SOURCES LabsOptions.java
//SOURCES Names.java
//SOURCES Observed.java
//SOURCES OfficeHours.java
//SOURCES ProcessRunner.java
//SOURCES Resolved.java
//SOURCES RunContext.java
//SOURCES Setting.java
//SOURCES StackSpec.java
//SOURCES SystemTicker.java
//SOURCES Ticker.java
//SOURCES Waits.java
//SOURCES WebProbe.java
