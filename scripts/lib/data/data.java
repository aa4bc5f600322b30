// Bundle of scripts/lib/data: The data stores: the RDS database and the ElastiCache Redis.
// A script lists this file with //SOURCES; it names each file (no globs: JBang cannot expand them by URL).
//DEPS software.amazon.awssdk:rds
//DEPS software.amazon.awssdk:elasticache
//SOURCES DataStores.java
//SOURCES ElastiCache.java
//SOURCES Rds.java
