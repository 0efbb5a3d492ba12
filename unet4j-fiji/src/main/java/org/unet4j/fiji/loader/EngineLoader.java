package org.unet4j.fiji.loader;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.unet4j.fiji.bridge.Engine;
import org.unet4j.fiji.bridge.EngineException;

/**
 * Finds and loads unet4j's engine once per JVM (a native library can belong to one class loader
 * only). The engine folder is, in this order: the system property {@code unet4j.lib}; {@code
 * lib/unet4j/} next to the {@code plugins/} folder that holds the plugin jar; {@code
 * lib/unet4j/} under ImageJ's folder ({@code ij.dir}, else the working directory). With the
 * system property {@code unet4j.engine.classpath=true} the engine is taken from the plugins' own
 * class path instead (development and tests).
 */
public final class EngineLoader {
    /** The engine's implementation class, inside the engine jar. */
    public static final String ENGINE_CLASS = "org.unet4j.fiji.engine.CoreEngine";
    /** The engine folder under an ImageJ/Fiji installation. */
    public static final String LIB = "lib/unet4j";

    private static Engine engine;

    private EngineLoader() {
    }

    /**
     * The engine, loaded on first use.
     *
     * @throws EngineException of kind {@link EngineException.Kind#INSTALLATION} if the engine folder is missing
     */
    public static synchronized Engine engine() {
        if (engine == null) {
            engine = load();
        }
        return engine;
    }

    private static Engine load() {
        ClassLoader plugins = EngineLoader.class.getClassLoader();
        if (Boolean.getBoolean("unet4j.engine.classpath")) {
            return instantiate(plugins);
        }
        Path dir = engineDir();
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                jars.add(f.toUri().toURL());
            }
        } catch (IOException e) {
            throw new EngineException(EngineException.Kind.INSTALLATION, dir + ": cannot list the engine folder (" + e.getMessage()
                    + "); reinstall unet4j (docs/FIJI.md)", e);
        }
        ChildFirstClassLoader loader = new ChildFirstClassLoader(jars.toArray(URL[]::new), plugins);
        Engine real = instantiate(loader);
        return (Engine) Proxy.newProxyInstance(plugins, new Class<?>[] {Engine.class}, new InLoader(real, loader));
    }

    private static Engine instantiate(ClassLoader loader) {
        try {
            return (Engine) Class.forName(ENGINE_CLASS, true, loader).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new EngineException(EngineException.Kind.INSTALLATION, "unet4j's engine (" + ENGINE_CLASS + ") cannot be loaded ("
                    + e + "); copy the whole target/fiji/lib/unet4j folder into Fiji.app/lib/ (docs/FIJI.md)", e);
        }
    }

    /** The engine folder: see the class comment. */
    public static Path engineDir() {
        List<Path> tried = new ArrayList<>();
        String given = System.getProperty("unet4j.lib");
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given);
            if (hasJars(p)) {
                return p;
            }
            throw new EngineException(EngineException.Kind.INSTALLATION, "unet4j.lib=" + given + " holds no engine jars; point it at"
                    + " the lib/unet4j folder of target/fiji (docs/FIJI.md)", null);
        }
        Path jar = pluginJar();
        if (jar != null && jar.getParent() != null && jar.getParent().getParent() != null) {
            tried.add(jar.getParent().getParent().resolve(LIB));
        }
        String ijDir = System.getProperty("ij.dir");
        if (ijDir != null) {
            tried.add(Path.of(ijDir).resolve(LIB));
        }
        String pluginsDir = System.getProperty("plugins.dir");
        if (pluginsDir != null) {
            tried.add(Path.of(pluginsDir).resolve(LIB));
        }
        tried.add(Path.of(System.getProperty("user.dir")).resolve(LIB));
        for (Path p : tried) {
            if (hasJars(p)) {
                return p;
            }
        }
        throw new EngineException(EngineException.Kind.INSTALLATION, "unet4j's engine folder " + LIB + " was not found (looked in "
                + tried + "); copy target/fiji/lib/unet4j into Fiji.app/lib/ next to plugins/ (docs/FIJI.md)", null);
    }

    private static Path pluginJar() {
        try {
            URL where = EngineLoader.class.getProtectionDomain().getCodeSource().getLocation();
            return where == null ? null : Path.of(where.toURI());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean hasJars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("unet4j-core"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs every call with the engine's class loader as the thread's context class loader. */
    private record InLoader(Engine real, ClassLoader loader) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(real, args);
            }
            Thread t = Thread.currentThread();
            ClassLoader before = t.getContextClassLoader();
            t.setContextClassLoader(loader);
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                t.setContextClassLoader(before);
            }
        }
    }
}
