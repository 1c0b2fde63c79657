#!/usr/bin/env python3
"""Offline checks of the manifests (no cluster needed): every file parses as YAML, and the invariants the runbook
relies on hold. Usage: python3 deploy/k8s/check.py   (needs PyYAML: apt-get install python3-yaml)"""
import pathlib, re, sys
import yaml

here = pathlib.Path(__file__).parent
docs = []
for path in sorted(here.glob("*.yaml")):
    for doc in yaml.safe_load_all(path.read_text()):
        if doc:
            docs.append((path.name, doc))

problems = []
def check(ok, message):
    if not ok:
        problems.append(message)

def find(kind, name):
    return next((d for _, d in docs if d["kind"] == kind and d["metadata"]["name"] == name), None)

def seconds(timespan):
    h, m, s = (int(x) for x in timespan.split(":"))
    return h * 3600 + m * 60 + s

settings = find("ConfigMap", "motcua-settings")["data"]
for name in ("motcua-silo", "motcua-api"):
    deployment = find("Deployment", name)
    spec = deployment["spec"]
    pod = spec["template"]["spec"]
    check(spec["selector"]["matchLabels"].items() <= spec["template"]["metadata"]["labels"].items(), f"{name}: selector does not match the pod labels")
    container = pod["containers"][0]
    for probe, path in (("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready"), ("startupProbe", "/health/live")):
        check(container.get(probe, {}).get("httpGet", {}).get("path") == path, f"{name}: {probe} is not on {path}")
    pause = int(container["lifecycle"]["preStop"]["exec"]["command"][1])
    shutdown = seconds(settings["MotCua__Silo__ShutdownTimeout"]) if name == "motcua-silo" else 30
    check(pod["terminationGracePeriodSeconds"] > shutdown + pause, f"{name}: grace period not longer than shutdown {shutdown}s + preStop {pause}s")
    env = {e["name"]: e for e in container.get("env", [])}
    check(env["ConnectionStrings__MotCua"]["valueFrom"]["secretKeyRef"]["name"] == "motcua-postgres", f"{name}: connection string not from the Secret")
    check(spec["strategy"]["rollingUpdate"]["maxUnavailable"] == 0, f"{name}: a rollout may drop capacity")
    service = find("Service", name)
    check(service is not None and service["spec"]["selector"].items() <= spec["template"]["metadata"]["labels"].items(), f"{name}: no Service selecting it")
    hpa = find("HorizontalPodAutoscaler", name)
    check(hpa is not None and hpa["spec"]["scaleTargetRef"]["name"] == name, f"{name}: no HPA")
    pdb = find("PodDisruptionBudget", name)
    check(pdb is not None and pdb["spec"]["selector"]["matchLabels"].items() <= spec["template"]["metadata"]["labels"].items(), f"{name}: no PDB")

silo_env = {e["name"] for e in find("Deployment", "motcua-silo")["spec"]["template"]["spec"]["containers"][0]["env"]}
check("MotCua__Silo__AdvertisedAddress" in silo_env, "silo: does not advertise its pod IP")
job = find("Job", "motcua-migrate")
check(job is not None and job["spec"]["template"]["spec"]["containers"][0]["args"] == ["migrate"], "no migration Job")
for name, doc in docs:
    if doc["kind"] == "Secret":
        for key, value in doc.get("stringData", {}).items():
            check("CHANGE-ME" in value or not re.search(r"sha256|password|connection", key, re.I), f"{name}: {key} holds what looks like a real secret")
kustomization = yaml.safe_load((here / "kustomization.yaml").read_text())
for resource in kustomization["resources"]:
    check((here / resource).exists(), f"kustomization: {resource} is missing")

print(f"{len(docs)} documents parsed")
for problem in problems:
    print("PROBLEM:", problem)
sys.exit(1 if problems else 0)
