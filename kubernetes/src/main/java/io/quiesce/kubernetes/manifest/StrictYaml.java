package io.quiesce.kubernetes.manifest;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one YAML reader of this module. It refuses what would otherwise be read silently in a way other tools do not
 * agree on: a duplicate key (Jackson keeps the last one, kubectl rejects the document) and, for our own typed records,
 * an unknown property.
 */
public final class StrictYaml {

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private StrictYaml() {}

    public static YAMLMapper mapper() {
        return MAPPER;
    }

    /** Every non-empty document of a (possibly multi-document) YAML text; each must be a mapping. */
    public static List<ObjectNode> readDocuments(String yaml, String source) {
        List<ObjectNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNextValue()) {
                JsonNode document = it.nextValue();
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                if (!document.isObject()) {
                    throw new IllegalArgumentException(source + ": a YAML document is not a mapping");
                }
                documents.add((ObjectNode) document);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": " + e.getMessage(), e);
        }
        return documents;
    }

    public static ObjectNode readSingleDocument(Path file) {
        List<ObjectNode> documents;
        try {
            documents = readDocuments(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        if (documents.size() != 1) {
            throw new IllegalArgumentException(
                    file + ": expected exactly one YAML document, found " + documents.size());
        }
        return documents.get(0);
    }
}
