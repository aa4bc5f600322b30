import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which OS packages a Dockerfile's stage installs: what jib leaves out. */
class DockerfilePackagesTest {
    /** CommCare Connect's Dockerfile as upstream has it (three stages; comments inside continued RUN lines). */
    static final List<String> COMMCARE_CONNECT = List.of(
            "FROM ghcr.io/astral-sh/uv:python3.11-bookworm-slim AS build-python",
            "RUN apt-get update \\",
            "  # dependencies for building Python packages",
            "  && apt-get install -y build-essential libpq-dev",
            "WORKDIR /app",
            "FROM node:26-bookworm AS build-node",
            "RUN npm ci",
            "FROM python:3.11-slim-bookworm",
            "ENV PYTHONUNBUFFERED=1",
            "RUN apt-get update \\",
            "  # psycopg2, gettext geodjango etc dependencies",
            "  && apt-get install -y libpq-dev gettext curl libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 binutils libproj-dev gdal-bin \\",
            "  # cleaning up unused files",
            "  && apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false \\",
            "  && rm -rf /var/lib/apt/lists/*",
            "RUN addgroup --system django \\",
            "    && adduser --system --ingroup django django",
            "ENTRYPOINT [\"/entrypoint\"]");

    @Test
    void theFinalStageOfCommCareConnect() {
        assertEquals(Set.of("libpq-dev", "gettext", "curl", "libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "binutils",
                "libproj-dev", "gdal-bin"), DockerfilePackages.installedBy(COMMCARE_CONNECT, null));
    }

    @Test
    void aNamedTargetStage() {
        assertEquals(Set.of("build-essential", "libpq-dev"), DockerfilePackages.installedBy(COMMCARE_CONNECT, "build-python"));
        assertEquals(Set.of(), DockerfilePackages.installedBy(COMMCARE_CONNECT, "build-node"));
    }

    @Test
    void alpineAndAptAndNoPackages() {
        assertEquals(Set.of("postgresql-libs", "gettext"),
                DockerfilePackages.installedBy(List.of("FROM python:3.11-alpine", "RUN apk add --no-cache postgresql-libs gettext"), null));
        assertEquals(Set.of("curl"), DockerfilePackages.installedBy(List.of("FROM debian", "RUN apt install -y curl; echo done"), null));
        assertEquals(Set.of(), DockerfilePackages.installedBy(List.of("FROM python:3.11-slim", "RUN pip install django"), null));
    }
}
