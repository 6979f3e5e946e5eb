# Build stage: the Swift 6 toolchain with the C libraries onespin links.
FROM swift:6.3-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libhiredis-dev libssl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
RUN swift build -c release --product onespin \
    && mkdir -p /out \
    && cp .build/release/onespin /out/ \
    && cp -r .build/release/onespin_SlotMath.resources .build/release/onespin_OneSpin.resources /out/

# Runtime stage: slim Debian with the Swift runtime libraries and libhiredis.
FROM swift:6.3-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libhiredis0.14 libssl3 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 onespin
COPY --from=build /out/ /app/
USER onespin
EXPOSE 8080
ENTRYPOINT ["/app/onespin"]
CMD ["serve"]
