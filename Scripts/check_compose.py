"""Parses docker-compose.yml (there is no Docker engine here) and checks its wiring. Exit 0 when sound."""
import sys
import yaml

path = sys.argv[1] if len(sys.argv) > 1 else "docker-compose.yml"
with open(path) as f:
    doc = yaml.safe_load(f)
problems = []
services = doc.get("services", {})
redis = services.get("redis", {})
onespin = services.get("onespin", {})
if not str(redis.get("image", "")).startswith("redis:7"):
    problems.append("redis.image must be redis 7.x")
command = " ".join(redis.get("command", []))
for needle in ("--appendonly yes", "--appendfsync everysec"):
    if needle not in command:
        problems.append(f"redis.command lacks {needle}")
if "healthcheck" not in redis:
    problems.append("redis has no healthcheck")
if onespin.get("build") not in (".", {"context": "."}):
    problems.append("onespin must be built from the Dockerfile here")
env = onespin.get("environment", {})
if not str(env.get("ONESPIN_REDIS", "")).startswith("redis://redis:"):
    problems.append("onespin.environment.ONESPIN_REDIS must point at the redis service")
if onespin.get("depends_on", {}).get("redis", {}).get("condition") != "service_healthy":
    problems.append("onespin must wait for a healthy redis")
for p in problems:
    print("docker-compose.yml:", p)
sys.exit(1 if problems else 0)
