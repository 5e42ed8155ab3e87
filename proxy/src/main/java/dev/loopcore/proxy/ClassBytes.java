package dev.loopcore.proxy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal class-file writer for {@link GeneratedRelay}: a constant pool, fields, and methods of
 * straight-line code (no branches, so no stack map frames are needed). Not a general assembler.
 */
final class ClassBytes {
    private final ByteArrayOutputStream pool = new ByteArrayOutputStream();
    private final DataOutputStream cp = new DataOutputStream(pool);
    private final Map<String, Integer> entries = new HashMap<>();
    private int nextIndex = 1;
    private final List<byte[]> fields = new ArrayList<>();
    private final List<byte[]> methods = new ArrayList<>();

    private int entry(String key, byte[] bytes) {
        Integer i = entries.get(key);
        if (i != null) return i;
        try {
            cp.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        entries.put(key, nextIndex);
        return nextIndex++;
    }

    int utf8(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(b)) {
            d.writeByte(1);
            d.writeUTF(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return entry("U" + s, b.toByteArray());
    }

    int cls(String internalName) {
        int n = utf8(internalName);
        return entry("C" + internalName, new byte[]{7, (byte) (n >> 8), (byte) n});
    }

    private int nameAndType(String name, String desc) {
        int n = utf8(name);
        int d = utf8(desc);
        return entry("N" + name + ":" + desc, new byte[]{12, (byte) (n >> 8), (byte) n, (byte) (d >> 8), (byte) d});
    }

    private int member(int tag, String owner, String name, String desc) {
        int c = cls(owner);
        int nt = nameAndType(name, desc);
        return entry(tag + owner + "." + name + ":" + desc,
                new byte[]{(byte) tag, (byte) (c >> 8), (byte) c, (byte) (nt >> 8), (byte) nt});
    }

    int field(String owner, String name, String desc) {
        return member(9, owner, name, desc);
    }

    int method(String owner, String name, String desc) {
        return member(10, owner, name, desc);
    }

    void addField(int access, String name, String desc) {
        fields.add(new byte[]{(byte) (access >> 8), (byte) access,
                (byte) (utf8(name) >> 8), (byte) utf8(name), (byte) (utf8(desc) >> 8), (byte) utf8(desc), 0, 0});
    }

    void addMethod(int access, String name, String desc, int maxStack, int maxLocals, byte[] code) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(b)) {
            d.writeShort(access);
            d.writeShort(utf8(name));
            d.writeShort(utf8(desc));
            d.writeShort(1); // one attribute: Code
            d.writeShort(utf8("Code"));
            d.writeInt(12 + code.length);
            d.writeShort(maxStack);
            d.writeShort(maxLocals);
            d.writeInt(code.length);
            d.write(code);
            d.writeShort(0); // exception table
            d.writeShort(0); // attributes
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        methods.add(b.toByteArray());
    }

    byte[] toBytes(String thisName, String superName, String iface) {
        int thisIndex = cls(thisName);
        int superIndex = cls(superName);
        int ifaceIndex = cls(iface);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(b)) {
            d.writeInt(0xCAFEBABE);
            d.writeShort(0);
            d.writeShort(61); // Java 17
            d.writeShort(nextIndex);
            d.write(pool.toByteArray());
            d.writeShort(0x0001 | 0x0010 | 0x1000); // public final synthetic
            d.writeShort(thisIndex);
            d.writeShort(superIndex);
            d.writeShort(1);
            d.writeShort(ifaceIndex);
            d.writeShort(fields.size());
            for (byte[] f : fields) d.write(f);
            d.writeShort(methods.size());
            for (byte[] m : methods) d.write(m);
            d.writeShort(0); // class attributes
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }
}
