"""Parses a compose file (there is no Docker engine here) and checks its wiring. Exit 0 when sound.
Usage: check_compose.py [FILE]   (docker-compose.yml: onespin + one Redis;
                                  a file with sentinel services: the Sentinel shape)"""
import sys
import yaml

path = sys.argv[1] if len(sys.argv) > 1 else "docker-compose.yml"
with open(path) as f:
    doc = yaml.safe_load(f)
problems = []
services = doc.get("services", {})


def command_of(service):
    command = service.get("command", [])
    return " ".join(command) if isinstance(command, list) else str(command)


def check_persistent_redis(name, service):
    if not str(service.get("image", "")).startswith("redis:7"):
        problems.append(f"{name}.image must be redis 7.x")
    command = command_of(service)
    for needle in ("--appendonly yes", "--appendfsync everysec"):
        if needle not in command:
            problems.append(f"{name}.command lacks {needle}")
    if "healthcheck" not in service:
        problems.append(f"{name} has no healthcheck")


def check_onespin(name, service, url_prefix, needs):
    if service.get("build") not in (".", {"context": "."}):
        problems.append(f"{name} must be built from the Dockerfile here")
    env = service.get("environment", {})
    if not str(env.get("ONESPIN_REDIS", "")).startswith(url_prefix):
        problems.append(f"{name}.environment.ONESPIN_REDIS must start with {url_prefix}")
    for dependency in needs:
        if service.get("depends_on", {}).get(dependency, {}).get("condition") != "service_healthy":
            problems.append(f"{name} must wait for a healthy {dependency}")
    return env


sentinels = sorted(name for name in services if name.startswith("sentinel"))
if not sentinels:
    check_persistent_redis("redis", services.get("redis", {}))
    check_onespin("onespin", services.get("onespin", {}), "redis://redis:", ["redis"])
else:
    master = services.get("redis-master", {})
    check_persistent_redis("redis-master", master)
    replicas = sorted(name for name in services if name.startswith("redis-replica"))
    if len(replicas) < 2:
        problems.append("the Sentinel shape needs at least 2 replicas")
    for name in replicas:
        check_persistent_redis(name, services[name])
        if "--replicaof redis-master 6379" not in command_of(services[name]):
            problems.append(f"{name} must replicate redis-master")
    if len(sentinels) < 3:
        problems.append("the Sentinel shape needs at least 3 sentinels")
    for name in sentinels:
        command = command_of(services[name])
        for needle in ("sentinel monitor onespin redis-master 6379 2", "redis-sentinel", "resolve-hostnames yes"):
            if needle not in command:
                problems.append(f"{name}.command lacks '{needle}'")
        if "healthcheck" not in services[name]:
            problems.append(f"{name} has no healthcheck")
    servers = sorted(name for name in services if name.startswith("onespin"))
    if not servers:
        problems.append("no onespin service")
    for name in servers:
        env = check_onespin(name, services[name], "redis-sentinel://", sentinels)
        url = str(env.get("ONESPIN_REDIS", ""))
        for sentinel in sentinels:
            if f"{sentinel}:26379" not in url:
                problems.append(f"{name}.environment.ONESPIN_REDIS does not name {sentinel}")
        if "?master=onespin" not in url:
            problems.append(f"{name}.environment.ONESPIN_REDIS must name ?master=onespin")
        if int(str(env.get("ONESPIN_MIN_REPLICAS", "0"))) < 1:
            problems.append(f"{name}.environment.ONESPIN_MIN_REPLICAS must be at least 1")
for p in problems:
    print(f"{path}:", p)
sys.exit(1 if problems else 0)
