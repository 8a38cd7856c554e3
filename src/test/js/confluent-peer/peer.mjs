// Confluent's official JavaScript serde, driven by the Java integration tests as a peer:
//   node peer.mjs read  <registry-url> <topic>   reads {"hex": "..."} on stdin, prints the decoded value as JSON
//   node peer.mjs write <registry-url> <topic>   reads the value as JSON on stdin, prints {"hex": "..."}
// The writer uses the subject's latest registered schema, as a producer with
// auto.register.schemas=false and use.latest.version=true would. Longs and timestamp-millis
// travel as JSON numbers.
import { SchemaRegistryClient, SerdeType, AvroSerializer, AvroDeserializer } from '@confluentinc/schemaregistry';

const [command, registryUrl, topic] = process.argv.slice(2);
if (!['read', 'write'].includes(command) || !registryUrl || !topic) {
  console.error('usage: node peer.mjs read|write <registry-url> <topic>  (input on stdin)');
  process.exit(2);
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const registry = new SchemaRegistryClient({ baseURLs: [registryUrl] });

if (command === 'write') {
  const serializer = new AvroSerializer(registry, SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true });
  const bytes = await serializer.serialize(topic, input);
  process.stdout.write(JSON.stringify({ hex: bytes.toString('hex') }));
} else {
  const deserializer = new AvroDeserializer(registry, SerdeType.VALUE, {});
  const value = await deserializer.deserialize(topic, Buffer.from(input.hex, 'hex'));
  process.stdout.write(JSON.stringify(value, (key, v) => {
    if (typeof v === 'bigint') return Number(v);
    if (v instanceof Map) return Object.fromEntries(v);
    return v;
  }));
}
