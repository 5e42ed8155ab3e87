package dev.loopcore.proxy;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.Reference;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;

/**
 * {@link Proxy#as}'s fast path: a hidden class per interface whose methods pass their (at most three)
 * arguments straight to {@link #relay} — no argument array, no reflection — so a {@code void} method
 * with reference arguments allocates nothing, like {@code proxy.invoke}. Interfaces it cannot serve
 * (a method with more than three parameters, or types not visible from this package and loader) get
 * the {@link java.lang.reflect.Proxy} relay instead.
 *
 * <p>Threading: the generated class is immutable after construction; {@link #relay} is thread-safe.
 */
final class GeneratedRelay {
    private static final String PROXY = "dev/loopcore/proxy/Proxy";
    private static final String RELAY = "dev/loopcore/proxy/InterfaceProxy$Relay";
    private static final String RELAY_DESC = "(L" + PROXY + ";L" + RELAY
            + ";Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;";

    /** Per interface: a constructor (Proxy, Relay[]) of its generated class, or null if it cannot have one. */
    private static final ClassValue<MethodHandle> FACTORIES = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> iface) {
            try {
                return generate(iface);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return null; // the reflective relay serves it
            }
        }
    };

    private GeneratedRelay() {
    }

    /** An instance of {@code iface} relaying to {@code proxy}, or null if this interface needs the fallback. */
    static Object create(Proxy<?> proxy, Class<?> iface, Map<Method, InterfaceProxy.Relay> relays) {
        MethodHandle factory = FACTORIES.get(iface);
        if (factory == null) return null;
        Method[] methods = methodsOf(iface);
        InterfaceProxy.Relay[] table = new InterfaceProxy.Relay[methods.length];
        for (int i = 0; i < methods.length; i++) table[i] = relays.get(methods[i]);
        try {
            return factory.invoke(proxy, table);
        } catch (Throwable t) {
            return null;
        }
    }

    /**
     * Called by the generated methods. The fence keeps the proxy (and the target's lifetime handle)
     * reachable until the send decided, though the generated instance may already be unreachable.
     */
    static Object relay(Proxy<?> proxy, InterfaceProxy.Relay r, Object a, Object b, Object c) {
        try {
            return InterfaceProxy.relay(proxy, r, InterfaceProxy.RELAY3, a, b, c);
        } finally {
            Reference.reachabilityFence(proxy);
        }
    }

    /** Called by the generated {@code toString()}: the same answer as the reflective relay's. */
    static String describe(Object self, Proxy<?> proxy) {
        return InterfaceProxy.describe(self, proxy);
    }

    /** The relayed methods in a fixed order: the generated code indexes the relay table with it. */
    static Method[] methodsOf(Class<?> iface) {
        return InterfaceProxy.relayedMethods(iface);
    }

    private static boolean visible(Class<?> c) {
        while (c.isArray()) c = c.getComponentType();
        if (c.isPrimitive()) return true;
        ClassLoader ours = GeneratedRelay.class.getClassLoader();
        try {
            if (Class.forName(c.getName(), false, ours) != c) return false;
        } catch (ClassNotFoundException e) {
            return false;
        }
        boolean samePackage = c.getPackageName().equals(GeneratedRelay.class.getPackageName());
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) && !samePackage) return false;
            if (Modifier.isPrivate(k.getModifiers())) return false;
        }
        Module module = GeneratedRelay.class.getModule();
        if (!c.getModule().isExported(c.getPackageName(), module)) return false;
        // A named application module is not read by ours until told so; a module may add its own reads.
        if (!module.canRead(c.getModule())) module.addReads(c.getModule());
        return true;
    }

    private static MethodHandle generate(Class<?> iface) throws ReflectiveOperationException {
        if (!visible(iface)) return null;
        Method[] methods = methodsOf(iface);
        for (Method m : methods) {
            if (m.getParameterCount() > 3 || !visible(m.getReturnType())) return null;
            for (Class<?> p : m.getParameterTypes()) if (!visible(p)) return null;
        }
        String name = "dev/loopcore/proxy/GeneratedRelay$" + iface.getSimpleName();
        ClassBytes cb = new ClassBytes();
        cb.addField(0x0012, "proxy", "L" + PROXY + ";");
        cb.addField(0x0012, "relays", "[L" + RELAY + ";");
        int proxyField = cb.field(name, "proxy", "L" + PROXY + ";");
        int relaysField = cb.field(name, "relays", "[L" + RELAY + ";");
        Code init = new Code();
        init.op(0x2a).op(0xb7).u2(cb.method("java/lang/Object", "<init>", "()V"));
        init.op(0x2a).op(0x2b).op(0xb5).u2(proxyField);
        init.op(0x2a).op(0x2c).op(0xb5).u2(relaysField);
        init.op(0xb1);
        cb.addMethod(0x0001, "<init>", "(L" + PROXY + ";[L" + RELAY + ";)V", 2, 3, init.bytes());
        int relayMethod = cb.method("dev/loopcore/proxy/GeneratedRelay", "relay", RELAY_DESC);
        Code str = new Code(); // toString(): GeneratedRelay.describe(this, proxy)
        str.op(0x2a).op(0x2a).op(0xb4).u2(proxyField);
        str.op(0xb8).u2(cb.method("dev/loopcore/proxy/GeneratedRelay", "describe",
                "(Ljava/lang/Object;L" + PROXY + ";)Ljava/lang/String;"));
        str.op(0xb0);
        cb.addMethod(0x0001, "toString", "()Ljava/lang/String;", 2, 1, str.bytes());
        for (int i = 0; i < methods.length; i++) {
            Method m = methods[i];
            Code c = new Code();
            c.op(0x2a).op(0xb4).u2(proxyField);
            c.op(0x2a).op(0xb4).u2(relaysField);
            c.op(0x11).u2(i).op(0x32); // sipush i; aaload
            int slot = 1;
            for (Class<?> p : m.getParameterTypes()) {
                slot += load(cb, c, p, slot);
            }
            for (int k = m.getParameterCount(); k < 3; k++) c.op(0x01); // aconst_null
            c.op(0xb8).u2(relayMethod);
            ret(cb, c, m.getReturnType());
            cb.addMethod(0x0001, m.getName(), MethodType.methodType(m.getReturnType(), m.getParameterTypes())
                    .toMethodDescriptorString(), 8, slot, c.bytes());
        }
        byte[] bytes = cb.toBytes(name, "java/lang/Object", iface.getName().replace('.', '/'));
        MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
        return lookup.findConstructor(lookup.lookupClass(),
                        MethodType.methodType(void.class, Proxy.class, InterfaceProxy.Relay[].class))
                .asType(MethodType.methodType(Object.class, Proxy.class, InterfaceProxy.Relay[].class));
    }

    /** Loads parameter {@code p} from {@code slot}, boxing primitives; returns the slots it takes. */
    private static int load(ClassBytes cb, Code c, Class<?> p, int slot) {
        if (!p.isPrimitive()) {
            c.op(0x19).op(slot);
            return 1;
        }
        Class<?> box = MethodType.methodType(p).wrap().returnType();
        int opcode = p == long.class ? 0x16 : p == float.class ? 0x17 : p == double.class ? 0x18 : 0x15;
        c.op(opcode).op(slot);
        c.op(0xb8).u2(cb.method(internal(box), "valueOf", "(" + desc(p) + ")L" + internal(box) + ";"));
        return p == long.class || p == double.class ? 2 : 1;
    }

    /** Returns the relay's Object result as {@code r}: discarded, cast, or unboxed. */
    private static void ret(ClassBytes cb, Code c, Class<?> r) {
        if (r == void.class) {
            c.op(0x57).op(0xb1); // pop; return
        } else if (!r.isPrimitive()) {
            c.op(0xc0).u2(cb.cls(r.isArray() ? r.getName().replace('.', '/') : internal(r))).op(0xb0);
        } else {
            Class<?> box = MethodType.methodType(r).wrap().returnType();
            c.op(0xc0).u2(cb.cls(internal(box)));
            c.op(0xb6).u2(cb.method(internal(box), r.getName() + "Value", "()" + desc(r)));
            c.op(r == long.class ? 0xad : r == float.class ? 0xae : r == double.class ? 0xaf : 0xac);
        }
    }

    /** The field descriptor of a primitive type, e.g. "I". */
    private static String desc(Class<?> primitive) {
        return MethodType.methodType(primitive).toMethodDescriptorString().substring(2); // "()I" -> "I"
    }

    private static String internal(Class<?> c) {
        return c.getName().replace('.', '/');
    }

    /** Bytecode of one method. */
    private static final class Code {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        Code op(int b) {
            out.write(b);
            return this;
        }

        Code u2(int v) {
            out.write(v >> 8);
            out.write(v);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
