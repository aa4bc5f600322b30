// Bundle of scripts/lib/sleep: An idle environment's sleep and wake: services to 0 and back, the database stopped and started, the schedule that keeps it stopped (includes the service and data bundles).
// A script lists this file with //SOURCES; it names each file (no globs: JBang cannot expand them by URL).
//DEPS software.amazon.awssdk:scheduler
//SOURCES ../service/service.java
//SOURCES ../data/data.java
//SOURCES Hibernation.java
//SOURCES Scheduler.java
//SOURCES SleepState.java
//SOURCES StopSchedule.java
