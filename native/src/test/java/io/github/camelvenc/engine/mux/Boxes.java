package io.github.camelvenc.engine.mux;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A test-side ISO BMFF reader: walks box headers (size, type) independently of the writer. */
final class Boxes {
    /** Boxes whose payload is a sequence of boxes. */
    private static final List<String> CONTAINERS = List.of("moov", "trak", "mdia", "minf", "stbl", "dinf", "edts",
            "mvex", "moof", "traf");

    /** One box: where it is in the file and its children (for container boxes). */
    record Box(String type, int offset, int size, List<Box> children) {
        /** First byte after the header. */
        int payload() {
            return offset + 8;
        }

        /** The only child of {@code type}. */
        Box child(String childType) {
            List<Box> found = children.stream().filter(b -> b.type.equals(childType)).toList();
            if (found.size() != 1) {
                throw new AssertionError(type + " has " + found.size() + " " + childType + " boxes: " + children);
            }
            return found.get(0);
        }

        /** Follows a path of child types, e.g. {@code "trak/mdia/mdhd"}. */
        Box path(String path) {
            Box b = this;
            for (String t : path.split("/")) {
                b = b.child(t);
            }
            return b;
        }

        boolean has(String childType) {
            return children.stream().anyMatch(b -> b.type.equals(childType));
        }

        @Override
        public String toString() {
            return type + "@" + offset + "+" + size;
        }
    }

    private Boxes() {
    }

    /** The top-level boxes of a file; every byte must belong to a box. */
    static List<Box> parse(byte[] file) {
        return parse(file, 0, file.length);
    }

    private static List<Box> parse(byte[] file, int from, int to) {
        List<Box> boxes = new ArrayList<>();
        int at = from;
        while (at < to) {
            if (to - at < 8) {
                throw new AssertionError("trailing " + (to - at) + " bytes at " + at);
            }
            int size = u32(file, at);
            String type = new String(file, at + 4, 4, StandardCharsets.ISO_8859_1);
            if (size < 8 || at + size > to) {
                throw new AssertionError("box " + type + " at " + at + " has size " + size + ", room " + (to - at));
            }
            List<Box> children = CONTAINERS.contains(type) ? parse(file, at + 8, at + size) : List.of();
            boxes.add(new Box(type, at, size, children));
            at += size;
        }
        return boxes;
    }

    static int u32(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 4).getInt();
    }

    static int u16(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 2).getShort() & 0xffff;
    }

    static long u64(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 8).getLong();
    }

    static List<String> types(List<Box> boxes) {
        return boxes.stream().map(Box::type).toList();
    }

    /** Entries of a full box table: {@code fields} u32 per entry after the entry count at payload + 4. */
    static List<long[]> table(byte[] file, Box box, int skip, int fields) {
        int at = box.payload() + 4 + skip;
        int count = u32(file, at);
        List<long[]> rows = new ArrayList<>();
        at += 4;
        for (int i = 0; i < count; i++) {
            long[] row = new long[fields];
            for (int f = 0; f < fields; f++) {
                row[f] = u32(file, at) & 0xffffffffL;
                at += 4;
            }
            rows.add(row);
        }
        if (at != box.offset() + box.size()) {
            throw new AssertionError(box.type() + " table ends at " + at + ", the box at " + (box.offset() + box.size()));
        }
        return rows;
    }
}
