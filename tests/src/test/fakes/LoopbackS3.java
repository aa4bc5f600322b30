import com.sun.net.httpserver.Headers;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * S3 on the loopback endpoint (REST protocol, XML errors), the calls of deploy's codebuild builder:
 * HeadBucket, HeadObject, PutObject, GetObject. Addressing is path-style, /BUCKET/KEY: that is what
 * the SDK's S3 endpoint rules pick by themselves when the endpoint is an IP address such as
 * 127.0.0.1 (a host name such as localhost gets BUCKET.localhost, which the S3 wrapper avoids by
 * forcing path-style under an endpoint override).
 *
 * As the API reference says: a HEAD answer has no body, so a missing object or bucket is a bare 404
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html); PutObject into a missing
 * bucket is 404 NoSuchBucket, a missing key on GET is 404 NoSuchKey, each an Error document
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html); PutObject answers the ETag
 * (the body's MD5 for a single-part upload) and the checksum it verified. The SDK (2.30 and later)
 * sends PutObject's body aws-chunked with the CRC32 in a trailer
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html): it is
 * decoded, and a wrong checksum or length is refused with BadDigest or IncompleteBody, as S3 does.
 * Signatures are not checked.
 */
final class LoopbackS3 {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** An object as S3 keeps it. */
    record StoredObject(byte[] bytes, String contentType, String etag, Instant lastModified) {
    }

    /** One REST request: the action follows from the method and whether the path names a key. */
    record Request(String method, URI uri, Headers headers, byte[] body, String requestId) {
        String bucket() {
            String path = uri.getRawPath().substring(1);
            int slash = path.indexOf('/');
            return decode(slash < 0 ? path : path.substring(0, slash));
        }

        /** The key, or empty when the path names only the bucket. */
        Optional<String> key() {
            String path = uri.getRawPath().substring(1);
            int slash = path.indexOf('/');
            return slash < 0 || slash == path.length() - 1 ? Optional.empty() : Optional.of(decode(path.substring(slash + 1)));
        }

        String action() {
            boolean object = key().isPresent();
            boolean subresource = uri.getRawQuery() != null && !uri.getRawQuery().isEmpty();
            return switch (method + (object ? " object" : " bucket") + (subresource ? "?" : "")) {
                case "HEAD object" -> "HeadObject";
                case "PUT object" -> "PutObject";
                case "GET object" -> "GetObject";
                case "HEAD bucket" -> "HeadBucket";
                default -> method + " " + (object ? "object" : "bucket") + (subresource ? "?" + uri.getRawQuery() : "");
            };
        }

        private static String decode(String part) {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }

    private final Map<String, Map<String, StoredObject>> buckets = new ConcurrentHashMap<>();

    LoopbackS3 bucket(String name) {
        buckets.putIfAbsent(name, new ConcurrentHashMap<>());
        return this;
    }

    /** The object's bytes, or empty when the bucket or the key does not exist. */
    Optional<byte[]> object(String bucket, String key) {
        return Optional.ofNullable(buckets.getOrDefault(bucket, Map.of()).get(key)).map(StoredObject::bytes);
    }

    /** Keys of a bucket, in no particular order. */
    java.util.Set<String> keys(String bucket) {
        return buckets.getOrDefault(bucket, Map.of()).keySet();
    }

    LoopbackAws.Reply answer(Request request) {
        Map<String, StoredObject> objects = buckets.get(request.bucket());
        return switch (request.action()) {
            case "HeadBucket" -> objects == null ? empty(404) : empty(200);
            case "HeadObject" -> headObject(objects, request);
            case "GetObject" -> getObject(objects, request);
            case "PutObject" -> objects == null
                    ? error(request, 404, "NoSuchBucket", "The specified bucket does not exist", "BucketName", request.bucket())
                    : putObject(objects, request);
            default -> error(request, 501, "NotImplemented", "A header you provided implies functionality that is not implemented",
                    null, null);
        };
    }

    private LoopbackAws.Reply headObject(Map<String, StoredObject> objects, Request request) {
        StoredObject object = objects == null ? null : objects.get(request.key().orElseThrow());
        if (object == null) return empty(404);
        Map<String, String> headers = metadata(object);
        headers.put("Content-Length", String.valueOf(object.bytes().length));
        return new LoopbackAws.Reply(200, object.contentType(), new byte[0], headers);
    }

    private LoopbackAws.Reply getObject(Map<String, StoredObject> objects, Request request) {
        if (objects == null) return error(request, 404, "NoSuchBucket", "The specified bucket does not exist", "BucketName", request.bucket());
        String key = request.key().orElseThrow();
        StoredObject object = objects.get(key);
        if (object == null) return error(request, 404, "NoSuchKey", "The specified key does not exist.", "Key", key);
        return new LoopbackAws.Reply(200, object.contentType(), object.bytes(), metadata(object));
    }

    private LoopbackAws.Reply putObject(Map<String, StoredObject> objects, Request request) {
        Headers headers = request.headers();
        byte[] bytes;
        String checksum = headers.getFirst("x-amz-checksum-crc32");
        if (String.valueOf(headers.getFirst("Content-Encoding")).contains("aws-chunked")
                || String.valueOf(headers.getFirst("x-amz-content-sha256")).startsWith("STREAMING-")) {
            Chunked decoded = Chunked.decode(request.body());
            if (decoded == null) return error(request, 400, "IncompleteBody", "The request body terminated unexpectedly", null, null);
            bytes = decoded.bytes();
            if (decoded.trailers().containsKey("x-amz-checksum-crc32")) checksum = decoded.trailers().get("x-amz-checksum-crc32");
            String declared = headers.getFirst("x-amz-decoded-content-length");
            if (declared != null && Long.parseLong(declared) != bytes.length) {
                return error(request, 400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header",
                        null, null);
            }
        } else {
            bytes = request.body();
        }
        String crc32 = crc32(bytes);
        if (checksum != null && !checksum.equals(crc32)) {
            return error(request, 400, "BadDigest", "The CRC32 you specified did not match the calculated checksum.", null, null);
        }
        String md5 = headers.getFirst("Content-MD5");
        if (md5 != null && !md5.equals(Base64.getEncoder().encodeToString(digest("MD5", bytes)))) {
            return error(request, 400, "BadDigest", "The Content-MD5 you specified did not match what we received.", null, null);
        }
        String contentType = headers.getFirst("Content-Type") == null ? "binary/octet-stream" : headers.getFirst("Content-Type");
        StoredObject object = new StoredObject(bytes, contentType, "\"" + HexFormat.of().formatHex(digest("MD5", bytes)) + "\"",
                Instant.now());
        objects.put(request.key().orElseThrow(), object);
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("ETag", object.etag());
        answer.put("x-amz-server-side-encryption", "AES256");
        if (checksum != null) answer.put("x-amz-checksum-crc32", crc32);
        return new LoopbackAws.Reply(200, "application/xml", new byte[0], answer);
    }

    /** The bucket's default encryption (SSE-S3, which provision sets) shows on every object. */
    private static Map<String, String> metadata(StoredObject object) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", object.etag());
        headers.put("Last-Modified", HTTP_DATE.format(object.lastModified()));
        headers.put("Accept-Ranges", "bytes");
        headers.put("x-amz-server-side-encryption", "AES256");
        return headers;
    }

    private static LoopbackAws.Reply empty(int status) {
        return new LoopbackAws.Reply(status, "application/xml", new byte[0], Map.of());
    }

    /** S3's Error document; detailName names the bucket or key concerned, when there is one. */
    private static LoopbackAws.Reply error(Request request, int status, String code, String message, String detailName, String detail) {
        String extra = detailName == null ? "" : "<" + detailName + ">" + escape(detail) + "</" + detailName + ">";
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + escape(message)
                + "</Message>" + extra + "<RequestId>" + request.requestId() + "</RequestId><HostId>loopback</HostId></Error>";
        return new LoopbackAws.Reply(status, "application/xml", xml.getBytes(StandardCharsets.UTF_8),
                Map.of("x-amz-request-id", request.requestId()));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;");
    }

    /** CRC32 as S3 writes it: the four bytes, big-endian, in base64. */
    static String crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        long value = crc.getValue();
        return Base64.getEncoder().encodeToString(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8),
                (byte) value});
    }

    static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An aws-chunked body: chunks "HEX-SIZE[;chunk-signature=...]\r\nDATA\r\n", a last chunk of size 0,
     * then trailer lines "name:value" and an empty line.
     */
    record Chunked(byte[] bytes, Map<String, String> trailers) {
        /** Null when the body is cut short or not aws-chunked at all. */
        static Chunked decode(byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Map<String, String> trailers = new LinkedHashMap<>();
            int at = 0;
            while (true) {
                int end = lineEnd(body, at);
                if (end < 0) return null;
                String header = new String(body, at, end - at, StandardCharsets.US_ASCII);
                int size;
                try {
                    size = Integer.parseInt(header.split(";", 2)[0].trim(), 16);
                } catch (NumberFormatException e) {
                    return null;
                }
                at = end + 2;
                if (size == 0) break;
                if (at + size + 2 > body.length) return null;
                out.write(body, at, size);
                at += size + 2;
            }
            while (at < body.length) {
                int end = lineEnd(body, at);
                if (end < 0) end = body.length;
                String line = new String(body, at, end - at, StandardCharsets.US_ASCII);
                at = end + 2;
                if (line.isEmpty()) break;
                int colon = line.indexOf(':');
                if (colon > 0) trailers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
            }
            return new Chunked(out.toByteArray(), trailers);
        }

        private static int lineEnd(byte[] body, int from) {
            for (int i = from; i + 1 < body.length; i++) {
                if (body[i] == '\r' && body[i + 1] == '\n') return i;
            }
            return -1;
        }
    }
}
