package io.github.camelvenc.engine.ascend;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Union;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.camelvenc.engine.ascend.HiMpiTypes.CType;

/**
 * Checks every JNA structure of {@link HiMpiTypes} against {@code himpi-abi/layout.tsv} (CANN 8.1.RC1):
 * the size of each type and the offset and size of every field, recursively through nested structs,
 * arrays and unions (anonymous unions are matched by their offset, their members by the flat C path).
 */
class HiMpiLayoutTest {

    private record Row(String type, String path, int offset, int size) {
    }

    private final Map<String, Map<String, List<Row>>> table = new HashMap<>();
    private final List<String> mismatches = new ArrayList<>();
    private final Set<Class<?>> visited = new HashSet<>();
    private int checks;

    @Test
    void everyModelledStructMatchesTheAbiTable() throws Exception {
        load();
        List<Class<?>> modelled = new ArrayList<>();
        for (Class<?> c : HiMpiTypes.class.getDeclaredClasses()) {
            if (Structure.class.isAssignableFrom(c) && c.isAnnotationPresent(CType.class)) {
                modelled.add(c);
            }
        }
        int standalone = 0;
        for (Class<?> c : modelled) {
            String type = c.getAnnotation(CType.class).value();
            Map<String, List<Row>> rows = table.get(type);
            if (rows == null) {
                continue;
            }
            Structure s = (Structure) c.getDeclaredConstructor().newInstance();
            Row sizeRow = rows.get("(sizeof)").get(0);
            check(type + " sizeof", sizeRow.size, s.size());
            walk(s, type, "", 0);
            visited.add(c);
            standalone++;
        }
        for (Class<?> c : modelled) {
            assertTrue(visited.contains(c), c.getSimpleName() + " (" + c.getAnnotation(CType.class).value()
                    + ") was checked neither alone nor inside another type");
        }
        System.out.println("HiMpiLayoutTest: " + checks + " sizes and offsets checked in " + modelled.size()
                + " JNA types (" + standalone + " standalone types of layout.tsv), " + mismatches.size()
                + " mismatches");
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " layout mismatches against layout.tsv:\n" + String.join("\n", mismatches));
        }
        assertTrue(checks > 900, "too few checks: " + checks);
    }

    /** A pack struct with pts declared as a 32-bit int: the check must report the shifted fields. */
    @Test
    void aWrongStructIsDetected() throws Exception {
        load();
        walk(new WrongPack(), "hi_venc_pack", "", 0);
        assertTrue(mismatches.contains("hi_venc_pack.pts: Java offset 20, layout.tsv offset 24"), mismatches.toString());
        assertTrue(mismatches.contains("hi_venc_pack.pack_info: Java offset 40, layout.tsv offset 48"),
                mismatches.toString());
    }

    @CType("hi_venc_pack")
    @Structure.FieldOrder({"u", "addr", "len", "pts", "is_frame_end", "data_type", "offset", "data_num", "pack_info"})
    public static class WrongPack extends Structure {
        public HiMpiTypes.HiVencPackAddrUnion u;
        public Pointer addr;
        public int len;
        public int pts;
        public int is_frame_end;
        public HiMpiTypes.HiVencDataType data_type;
        public int offset;
        public int data_num;
        public HiMpiTypes.HiVencPackInfo[] pack_info = new HiMpiTypes.HiVencPackInfo[8];
    }

    private void walk(Structure s, String type, String prefix, int base) throws Exception {
        visited.add(s.getClass());
        s.read();
        for (String name : fieldOrder(s)) {
            Field f = field(s.getClass(), name);
            Object value = f.get(s);
            int offset = base + fieldOffset(s, name);
            if (value instanceof Union u && u.getClass().getAnnotation(CType.class).value().equals("(anon_union)")) {
                visited.add(u.getClass());
                Row r = find(type, prefix + "(anon_union)", offset);
                if (r == null) {
                    mismatches.add(type + "." + prefix + "(anon_union) of " + u.getClass().getSimpleName()
                            + ": no anonymous union at offset " + offset);
                } else {
                    check(type + "." + prefix + "(anon_union) size", r.size, u.size());
                }
                walk(u, type, prefix, offset);
            } else {
                element(type, prefix + name, offset, value, f.getType());
            }
        }
    }

    private void element(String type, String path, int offset, Object value, Class<?> declared) throws Exception {
        Row r = find(type, path, offset);
        if (r == null) {
            Row any = anyRow(type, path);
            mismatches.add(type + "." + path + ": Java offset " + offset
                    + (any == null ? ", no such field in layout.tsv" : ", layout.tsv offset " + any.offset));
            return;
        }
        checks++;
        int size = javaSize(value, declared);
        check(type + "." + path + " size", r.size, size);
        if (value instanceof Structure s) {
            walk(s, type, path + ".", offset);
        } else if (value instanceof Structure[] arr) {
            walk(arr[0], type, path + "[0].", offset);
        }
    }

    private static int javaSize(Object value, Class<?> declared) {
        if (value instanceof Structure s) {
            return s.size();
        }
        if (value instanceof Structure[] arr) {
            return arr.length * arr[0].size();
        }
        if (declared.isArray()) {
            Class<?> c = declared.getComponentType();
            return java.lang.reflect.Array.getLength(value) * primitiveSize(c);
        }
        return primitiveSize(declared);
    }

    private static int primitiveSize(Class<?> c) {
        if (c == int.class) {
            return 4;
        } else if (c == long.class || c == double.class) {
            return 8;
        } else if (c == byte.class) {
            return 1;
        } else if (c == Pointer.class) {
            return Native.POINTER_SIZE;
        }
        throw new IllegalArgumentException("unmapped field type " + c);
    }

    private void check(String what, int expected, int actual) {
        checks++;
        if (expected != actual) {
            mismatches.add(what + ": layout.tsv " + expected + ", Java " + actual);
        }
    }

    private Row find(String type, String path, int offset) {
        List<Row> rows = table.getOrDefault(type, Map.of()).get(path);
        if (rows != null) {
            for (Row r : rows) {
                if (r.offset == offset) {
                    return r;
                }
            }
        }
        return null;
    }

    private Row anyRow(String type, String path) {
        List<Row> rows = table.getOrDefault(type, Map.of()).get(path);
        return rows == null ? null : rows.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<String> fieldOrder(Structure s) throws Exception {
        Method m = Structure.class.getDeclaredMethod("getFieldOrder");
        m.setAccessible(true);
        return (List<String>) m.invoke(s);
    }

    private static int fieldOffset(Structure s, String name) throws Exception {
        Method m = Structure.class.getDeclaredMethod("fieldOffset", String.class);
        m.setAccessible(true);
        return (Integer) m.invoke(s, name);
    }

    private static Field field(Class<?> c, String name) throws NoSuchFieldException {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                return k.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                continue;
            }
        }
        throw new NoSuchFieldException(c.getName() + "." + name);
    }

    private void load() throws Exception {
        if (!table.isEmpty()) {
            return;
        }
        try (InputStream in = HiMpiLayoutTest.class.getResourceAsStream("/himpi-abi/layout.tsv")) {
            assertTrue(in != null, "himpi-abi/layout.tsv missing from the test resources");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = r.readLine();
            assertTrue(line.startsWith("struct\tfield_path"), "unexpected header " + line);
            while ((line = r.readLine()) != null) {
                String[] c = line.split("\t", -1);
                Row row = new Row(c[0], c[1], Integer.parseInt(c[4]), Integer.parseInt(c[5]));
                table.computeIfAbsent(row.type, k -> new HashMap<>())
                        .computeIfAbsent(row.path, k -> new ArrayList<>()).add(row);
            }
        }
    }
}
