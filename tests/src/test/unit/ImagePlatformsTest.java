import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading an image's platforms from its manifest, as the OCI image spec and Docker's manifest list put them. */
class ImagePlatformsTest {
    private static final String BUILDX_INDEX = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
            + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:aa\",\"size\":1,"
            + "\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}},"
            + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:bb\",\"size\":1,"
            + "\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"},"
            + "\"platform\":{\"architecture\":\"unknown\",\"os\":\"unknown\"}}]}";
    private static final String JIB_MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":9,\"digest\":\"sha256:cc\"},\"layers\":[]}";

    @Test
    void anIndexListsItsRunnablePlatformsWithoutAttestations() {
        assertTrue(ImagePlatforms.isIndex(ImagePlatforms.OCI_INDEX, BUILDX_INDEX));
        assertTrue(ImagePlatforms.isIndex(null, BUILDX_INDEX), "the JSON says so when ECR gives no media type");
        assertEquals(List.of("linux/arm64"), ImagePlatforms.ofIndex(BUILDX_INDEX));
    }

    @Test
    void aSingleImageNamesItsPlatformInItsConfig() {
        assertFalse(ImagePlatforms.isIndex(ImagePlatforms.DOCKER_MANIFEST, JIB_MANIFEST));
        assertEquals(Optional.of("sha256:cc"), ImagePlatforms.configDigest(JIB_MANIFEST));
        assertEquals("linux/amd64", ImagePlatforms.ofConfig("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{}}"));
    }

    @Test
    void aVariantIsTheSameArchitectureAndAMismatchNamesBothPlatforms() {
        assertEquals(Optional.empty(), ImagePlatforms.mismatch("img", List.of("linux/arm64/v8"), "linux/arm64"));
        assertEquals(Optional.empty(), ImagePlatforms.mismatch("img", List.of("linux/amd64", "linux/arm64"), "linux/arm64"));
        String problem = ImagePlatforms.mismatch("img", List.of("linux/amd64"), "linux/arm64").orElseThrow();
        assertTrue(problem.startsWith("The image img is built for linux/amd64, not for linux/arm64"), problem);
    }
}
