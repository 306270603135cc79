"""Reads a topic with Confluent's own Python client and Schema Registry deserializers, and prints
one JSON line per record: {"key": ..., "value": ...}, each decoded through the registry (Avro with
fastavro, JSON Schema with jsonschema validation) or as UTF-8 text when not registry-encoded.

Usage: confluent_consume.py BOOTSTRAP TOPIC COUNT REGISTRY_URL FORMAT(avro|json_schema) KEYS(0|1) [USER PASSWORD]
"""
import json
import sys
import time
import uuid

from confluent_kafka import Consumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext


def main():
    bootstrap, topic, count, url, fmt, keys = sys.argv[1:7]
    conf = {"url": url}
    if len(sys.argv) > 8:
        conf["basic.auth.user.info"] = f"{sys.argv[7]}:{sys.argv[8]}"
    registry = SchemaRegistryClient(conf)
    if fmt == "avro":
        deserializer = AvroDeserializer(registry)
    else:
        # schema_str=None: the writer's schema is fetched from the registry by the id in each record.
        deserializer = JSONDeserializer(None, schema_registry_client=registry)
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": f"confluent-check-{uuid.uuid4()}",
        "auto.offset.reset": "earliest",
    })
    consumer.subscribe([topic])
    out = []
    until = time.time() + 60
    try:
        while len(out) < int(count) and time.time() < until:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                raise RuntimeError(str(msg.error()))
            value = deserializer(msg.value(), SerializationContext(topic, MessageField.VALUE))
            raw_key = msg.key()
            if keys == "1" and raw_key is not None:
                key = deserializer(raw_key, SerializationContext(topic, MessageField.KEY))
            else:
                key = raw_key.decode("utf-8") if raw_key is not None else None
            out.append({"key": key, "value": value})
    finally:
        consumer.close()
    for record in out:
        print(json.dumps(record))
    sys.exit(0 if len(out) >= int(count) else 2)


if __name__ == "__main__":
    main()
