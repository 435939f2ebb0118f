# snpkm appliance: build with Maven, run on a JRE as a non-root user.
#   docker build -t snpkm-appliance .
#   docker run -d -p 5696:5696 -p 9696:9696 -v snpkm-data:/var/lib/snpkm -v snpkm-etc:/etc/snpkm snpkm-appliance
#
# Base images are pinned by digest (the tag is kept for readers). The digests are the ones public build records
# showed these tags resolving to (buildkit "resolve docker.io/library/eclipse-temurin:17-jre@sha256:6968...",
# a pinned "maven:3-eclipse-temurin-17@sha256:1ed5..."); they were NOT re-verified against Docker Hub from the
# machine that wrote this file (it has no registry access). Before a release, re-resolve and update both:
#   docker buildx imagetools inspect maven:3-eclipse-temurin-17
#   docker buildx imagetools inspect eclipse-temurin:17-jre
FROM maven:3-eclipse-temurin-17@sha256:1ed5d1f54416b706707b4f3238f63a20bb06aab27c6d240090a2bb9ad895ed45 AS build
WORKDIR /src
# .dockerignore keeps data/, target/, .git and any *.key / *.token out of this copy.
COPY . .
RUN mvn -B -ntp -DskipTests package -pl appliance -am

FROM eclipse-temurin:17-jre@sha256:696817d4fb79b9c442e84e18483d8345dd2d0b6710546344e5eb182bd3153333
RUN groupadd --system --gid 10001 snpkm && useradd --system --uid 10001 --gid snpkm --home /var/lib/snpkm snpkm \
    && mkdir -p /opt/snpkm /var/lib/snpkm /etc/snpkm && chown snpkm:snpkm /var/lib/snpkm /etc/snpkm \
    && chmod 0700 /var/lib/snpkm
COPY --from=build /src/appliance/target/snpkm-appliance.jar /opt/snpkm/snpkm-appliance.jar
COPY --from=build /src/bin/kmipctl /usr/local/bin/kmipctl
COPY --chown=snpkm:snpkm packaging/docker/appliance.yaml /etc/snpkm/appliance.yaml
USER snpkm
VOLUME ["/var/lib/snpkm", "/etc/snpkm"]
EXPOSE 5696 9696
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["java", "-cp", "/opt/snpkm/snpkm-appliance.jar", "dev.snpkm.appliance.Appliance", "--healthcheck", "--config", "/etc/snpkm/appliance.yaml"]
# Memory is bounded explicitly (the JVM default is 25 % of the host's or container's RAM, off-heap unbounded):
# 512 MiB heap, 256 MiB direct buffers (Netty's TLS and message buffers). -XX:+ExitOnOutOfMemoryError: an
# out-of-memory JVM exits (code 3) and the restart policy brings it back, rather than limping on with a store H2
# closed (docs/SECURITY.md "Availability"); run with --restart=unless-stopped. Raise both limits together for large
# limits.max-connections x limits.max-message-bytes.
ENTRYPOINT ["java", "-Xmx512m", "-XX:MaxDirectMemorySize=256m", "-XX:+ExitOnOutOfMemoryError", "-cp", "/opt/snpkm/snpkm-appliance.jar", "dev.snpkm.appliance.Appliance", "--config", "/etc/snpkm/appliance.yaml", "--data-dir", "/var/lib/snpkm"]
