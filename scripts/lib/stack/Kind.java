/** The resources of a stack, in the order provision creates them (teardown goes the other way). */
enum Kind {
    VPC("VPC"), SUBNET_1("subnet"), SUBNET_2("subnet"), INTERNET_GATEWAY("internet gateway"),
    ROUTE_TABLE("route table"), SECURITY_GROUP("security group"), DB_SUBNET_GROUP("DB subnet group"),
    CACHE_SUBNET_GROUP("cache subnet group"), DJANGO_SECRET_KEY("secret"), DATABASE_URL("secret"),
    REDIS_URL("secret"), DATABASE("RDS instance"), CACHE("ElastiCache Redis"), REPOSITORY("ECR repository"), WEB_LOGS("log group"),
    WORKER_LOGS("log group"), EXECUTION_ROLE("IAM role"), TASK_ROLE("IAM role"), OIDC_PROVIDER("OIDC provider"),
    DEPLOY_ROLE("IAM role"), CLUSTER("ECS cluster"), WEB_TASK_DEFINITION("task definition"),
    WORKER_TASK_DEFINITION("task definition"), WEB_SERVICE("ECS service"), WORKER_SERVICE("ECS service"),
    BUILD_BUCKET("S3 bucket"), BUILD_LOGS("log group"), BUILD_ROLE("IAM role"), BUILD_PROJECT("CodeBuild project"),
    SCHEDULER_ROLE("IAM role"), SCHEDULE_GROUP("schedule group"), SCHEDULE("schedule"), SLEEP_ROLE("IAM role"),
    SLEEP_SCHEDULE("schedule");

    final String label;

    Kind(String label) {
        this.label = label;
    }

    static Kind logs(AppService service) {
        return switch (service) { case WEB -> WEB_LOGS; case WORKER -> WORKER_LOGS; };
    }

    static Kind taskDefinition(AppService service) {
        return switch (service) { case WEB -> WEB_TASK_DEFINITION; case WORKER -> WORKER_TASK_DEFINITION; };
    }

    static Kind service(AppService service) {
        return switch (service) { case WEB -> WEB_SERVICE; case WORKER -> WORKER_SERVICE; };
    }
}
