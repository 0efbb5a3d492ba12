package org.unet4j.fiji.loader;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A class loader that looks in its own jars first. Only {@code java.*}, the bridge package
 * ({@code org.unet4j.fiji.bridge}) and ImageJ ({@code ij.*}) come from the plugins' class loader;
 * every other class and resource comes from the jars, else from the JDK's platform class loader, never
 * from Fiji's class path. So a JavaCPP or Jackson of another version in Fiji's {@code jars/} is never
 * seen by the engine, and services (META-INF/services) are only the engine's own.
 */
public final class ChildFirstClassLoader extends URLClassLoader {
    static {
        ClassLoader.registerAsParallelCapable();
    }

    /** Packages (name prefixes) shared with the plugins' class loader. */
    static final List<String> SHARED = List.of("java.", "org.unet4j.fiji.bridge.", "ij.");

    private final ClassLoader plugins;
    private final ClassLoader jdk = ClassLoader.getPlatformClassLoader();

    /**
     * @param jars the engine and its dependencies
     * @param plugins the plugins' class loader (the bridge and ImageJ)
     */
    public ChildFirstClassLoader(URL[] jars, ClassLoader plugins) {
        super("unet4j-engine", jars, ClassLoader.getPlatformClassLoader());
        this.plugins = plugins;
    }

    /** Whether {@code className} is shared with the plugins. */
    static boolean shared(String className) {
        for (String p : SHARED) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (shared(name)) {
            return plugins.loadClass(name);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notOurs) {
                    c = jdk.loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : jdk.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(jdk.getResources(name)));
        return Collections.enumeration(all);
    }
}
