// Bundle of scripts/lib/secrets: The environment's secrets in Secrets Manager and their rotation (needs the data bundle for RDS).
// A script lists this file with //SOURCES; it names each file (no globs: JBang cannot expand them by URL).
//DEPS software.amazon.awssdk:secretsmanager
//SOURCES AppSecrets.java
//SOURCES DatabasePasswordRotation.java
//SOURCES DatabaseUrl.java
//SOURCES DjangoKeyRotation.java
//SOURCES PasswordDecision.java
//SOURCES RandomSecrets.java
//SOURCES RdsMasterPassword.java
//SOURCES RedisUrl.java
//SOURCES RestartOnly.java
//SOURCES Rotation.java
//SOURCES RotationLock.java
//SOURCES RotationOutcome.java
//SOURCES RotationPlan.java
//SOURCES SecretRestart.java
//SOURCES SecretsManager.java
//SOURCES ServiceRestart.java
