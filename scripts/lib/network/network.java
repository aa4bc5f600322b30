// Bundle of scripts/lib/network: The network on EC2: VPC, subnets, security group, and the public IPs of tasks.
// A script lists this file with //SOURCES; it names each file (no globs: JBang cannot expand them by URL).
//DEPS software.amazon.awssdk:ec2
//SOURCES Ec2.java
//SOURCES PublicIps.java
