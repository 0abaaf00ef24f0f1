package io.github.camelvenc.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

/**
 * The option and header tables of {@code src/main/docs/venc-component.adoc} are generated from the
 * catalog JSON the Camel plugin generates. This test fails when they are stale; run it with
 * {@code -Dvenc.updateDocs=true} to rewrite them.
 */
class VencDocsTest {
    private static final Path DOC = Path.of("src/main/docs/venc-component.adoc");
    private static final String START = "// venc generated tables: START\n";
    private static final String END = "// venc generated tables: END\n";

    @Test
    void optionTablesMatchTheCatalog() throws Exception {
        JsonObject json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/github/camelvenc/camel/venc.json")) {
            json = (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        StringBuilder sb = new StringBuilder();
        table(sb, "Component options", "The defaults of every endpoint, set on the component (for example "
                + "`camel.component.venc.bitRate=4000`). URI parameters override them.", json.getMap("componentProperties"),
                true);
        table(sb, "Endpoint options", "`venc:codec[?options]`", json.getMap("properties"), true);
        table(sb, "Message headers", "Set by the route (inputs) or by the endpoint (outputs).", json.getMap("headers"),
                false);
        String doc = Files.readString(DOC);
        int s = doc.indexOf(START);
        int e = doc.indexOf(END);
        String expected = doc.substring(0, s + START.length()) + sb + doc.substring(e);
        if (Boolean.getBoolean("venc.updateDocs")) {
            Files.writeString(DOC, expected);
            doc = expected;
        }
        assertEquals(expected, doc, "docs are stale: run VencDocsTest with -Dvenc.updateDocs=true");
    }

    private static void table(StringBuilder sb, String title, String intro, Map<String, Object> rows, boolean options) {
        sb.append("\n=== ").append(title).append("\n\n").append(intro).append("\n\n");
        sb.append(options ? "[width=\"100%\",cols=\"2,5,^1,2\",options=\"header\"]\n|===\n| Name | Description | Default | Type\n"
                : "[width=\"100%\",cols=\"2,5,2\",options=\"header\"]\n|===\n| Name | Description | Type\n");
        rows.forEach((name, value) -> {
            Map<?, ?> o = (Map<?, ?>) value;
            if (options && "configuration".equals(name)) {
                return;
            }
            Object def = o.get("defaultValue");
            Object note = o.get("defaultValueNote");
            String javaType = String.valueOf(o.get("javaType"));
            String type = o.containsKey("enum") ? javaType.substring(javaType.lastIndexOf('.') + 1) + " ("
                    + String.join(", ", ((java.util.List<?>) o.get("enum")).stream().map(String::valueOf).toList()) + ")"
                    : javaType.substring(javaType.lastIndexOf('.') + 1);
            sb.append("| *").append(name).append("*").append(Boolean.TRUE.equals(o.get("required")) ? " (required)" : "")
                    .append(" | ").append(escape(String.valueOf(o.get("description"))));
            if (options) {
                String shown = def == null ? "" : def.toString();
                if (note != null && !note.toString().isEmpty()) {
                    shown = shown.isEmpty() ? note.toString() : shown + " (" + note + ")";
                }
                sb.append(" | ").append(escape(shown));
            }
            sb.append(" | ").append(escape(type)).append('\n');
        });
        sb.append("|===\n");
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
