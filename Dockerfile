# snpkm appliance: build with Maven, run on a JRE as a non-root user.
#   docker build -t snpkm-appliance .
#   docker run -d -p 5696:5696 -p 9696:9696 -v snpkm-data:/var/lib/snpkm -v snpkm-etc:/etc/snpkm snpkm-appliance
FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -DskipTests package -pl appliance -am

FROM eclipse-temurin:17-jre
# -XX:+ExitOnOutOfMemoryError: an out-of-memory JVM exits (code 3) and the restart policy brings it back, rather
# than limping on with a store H2 closed (docs/SECURITY.md "Availability"). Run with --restart=unless-stopped.
RUN groupadd --system --gid 10001 snpkm && useradd --system --uid 10001 --gid snpkm --home /var/lib/snpkm snpkm \
    && mkdir -p /opt/snpkm /var/lib/snpkm /etc/snpkm && chown snpkm:snpkm /var/lib/snpkm /etc/snpkm
COPY --from=build /src/appliance/target/snpkm-appliance.jar /opt/snpkm/snpkm-appliance.jar
COPY --from=build /src/bin/kmipctl /usr/local/bin/kmipctl
COPY --chown=snpkm:snpkm packaging/docker/appliance.yaml /etc/snpkm/appliance.yaml
USER snpkm
VOLUME ["/var/lib/snpkm", "/etc/snpkm"]
EXPOSE 5696 9696
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["java", "-cp", "/opt/snpkm/snpkm-appliance.jar", "dev.snpkm.appliance.Appliance", "--healthcheck", "--config", "/etc/snpkm/appliance.yaml"]
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-cp", "/opt/snpkm/snpkm-appliance.jar", "dev.snpkm.appliance.Appliance", "--config", "/etc/snpkm/appliance.yaml", "--data-dir", "/var/lib/snpkm"]
