import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkResponse;

/**
 * Every AWS call a command makes through fake clients, in order, with its request and answer. A
 * fake wrapped here is a java.lang.reflect.Proxy of the client interface: the SDK's convenience
 * methods (consumer builders, paginators) run as default methods of the proxy, so they end in the
 * request-typed method, which is recorded and handed to the fake. A call that fails is recorded too:
 * AWS authorizes a request before it acts on it.
 */
final class RecordedCalls {
    /** One call: the IAM service prefix (the fake's serviceName), the operation, what was asked and answered. */
    record Call(String service, String operation, AwsRequest request, SdkResponse response) {
        String action() {
            return service + ":" + operation;
        }
    }

    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    void clear() {
        calls.clear();
    }

    @SuppressWarnings("unchecked")
    <T extends SdkClient> T wrap(Class<T> type, T fake) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (isOperation(fake, method, args)) return call(fake, method, args);
            if (method.isDefault()) return InvocationHandler.invokeDefault(proxy, method, args);
            return invoke(fake, method, args);
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private Object call(SdkClient fake, Method method, Object[] args) throws Throwable {
        AwsRequest request = (AwsRequest) args[0];
        String operation = operation(fake.serviceName(), request);
        SdkResponse response = null;
        try {
            response = (SdkResponse) invoke(fake, method, args);
            return response;
        } finally {
            calls.add(new Call(fake.serviceName(), operation, request, response));
        }
    }

    /**
     * The API operation's name, as IAM spells its action: the SDK writes "DBInstance" as "DbInstance"
     * in RDS class names (IAM matches actions without regard to case, but people read these).
     */
    private static String operation(String service, AwsRequest request) {
        String name = request.getClass().getSimpleName().replaceFirst("Request$", "");
        return service.equals("rds") ? name.replace("Db", "DB") : name;
    }

    /**
     * A request-typed method. One with more arguments (S3's PutObject with its body) counts only in
     * the form the fake implements: the SDK's other forms are default methods that lead to it.
     */
    private static boolean isOperation(SdkClient fake, Method method, Object[] args) {
        if (args == null || args.length == 0 || !AwsRequest.class.isAssignableFrom(method.getParameterTypes()[0])
                || !SdkResponse.class.isAssignableFrom(method.getReturnType())) {
            return false;
        }
        if (args.length == 1) return true;
        try {
            return !fake.getClass().getMethod(method.getName(), method.getParameterTypes()).isDefault();
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
