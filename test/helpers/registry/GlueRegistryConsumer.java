import com.amazonaws.services.schemaregistry.deserializers.GlueSchemaRegistryKafkaDeserializer;
import com.amazonaws.services.schemaregistry.serializers.json.JsonDataWithSchema;
import com.amazonaws.services.schemaregistry.utils.AWSSchemaRegistryConstants;
import com.amazonaws.services.schemaregistry.utils.AvroRecordType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic with AWS's own Glue Schema Registry deserializer (schema-registry-serde) and prints
 * one line per record: the decoded value as JSON (Avro's JSON rendering of a GenericRecord, or a JSON
 * Schema record's payload). Exits 0 after COUNT records, 2 when they do not come within 60 s.
 *
 * Usage: java -cp <serde jars> GlueRegistryConsumer.java BOOTSTRAP TOPIC COUNT GLUE_ENDPOINT REGION
 */
public class GlueRegistryConsumer {
  public static void main(String[] args) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "glue-check-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, GlueSchemaRegistryKafkaDeserializer.class.getName());
    props.put(AWSSchemaRegistryConstants.AWS_ENDPOINT, args[3]);
    props.put(AWSSchemaRegistryConstants.AWS_REGION, args[4]);
    props.put(AWSSchemaRegistryConstants.AVRO_RECORD_TYPE, AvroRecordType.GENERIC_RECORD.getName());
    int count = Integer.parseInt(args[2]);
    List<String> lines = new ArrayList<>();
    long until = System.currentTimeMillis() + 60_000;
    try (KafkaConsumer<byte[], Object> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(args[1]));
      while (lines.size() < count && System.currentTimeMillis() < until) {
        for (ConsumerRecord<byte[], Object> record : consumer.poll(Duration.ofMillis(500))) {
          Object value = record.value();
          lines.add(value instanceof JsonDataWithSchema json ? json.getPayload() : GenericData.get().toString(value));
        }
      }
    }
    lines.forEach(System.out::println);
    System.exit(lines.size() >= count ? 0 : 2);
  }
}
