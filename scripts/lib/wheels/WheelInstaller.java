import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Installs one wheel the way the PyPA specifications say (binary distribution format,
 * https://packaging.python.org/en/latest/specifications/binary-distribution-format/; recording
 * installed projects; entry points): the root into site-packages, each {@code NAME-VERSION.data/SCHEME/}
 * folder to its scheme's place (scripts with a {@code #!python} line starting with the image's
 * interpreter), a script for each console and GUI entry point, then INSTALLER and a RECORD that lists
 * every installed file with its hash, by its path relative to site-packages in the image.
 */
final class WheelInstaller {
    static final String INSTALLER = "labs";
    /** distlib's script template, which pip writes too, so that the scripts are the same as pip's. */
    private static final String SCRIPT = String.join("\n", "# -*- coding: utf-8 -*-", "import re", "import sys",
            "from %s import %s", "if __name__ == '__main__':",
            "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])", "    sys.exit(%s())", "");

    private final WheelTarget target;
    private final InstallLayout layout;

    WheelInstaller(WheelTarget target, InstallLayout layout) {
        this.target = target;
        this.layout = layout;
    }

    /** Installs the wheel file of the package; the installed files are recorded in its RECORD, sorted. */
    void install(Path wheel, LockedPackage locked) throws IOException {
        try (ZipFile zip = new ZipFile(wheel.toFile())) {
            String distInfo = distInfo(zip, locked);
            String data = distInfo.replaceAll("\\.dist-info$", ".data");
            Map<String, String> wheelMetadata = headers(read(zip, distInfo + "/WHEEL", locked));
            if (!wheelMetadata.getOrDefault("Wheel-Version", "1.0").startsWith("1.")) {
                throw LabsException.failed(locked.describe() + " is a wheel of version " + wheelMetadata.get("Wheel-Version")
                        + ", which labs cannot install (it knows 1.x)");
            }
            Map<String, String> record = new TreeMap<>();
            List<ZipEntry> entries = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) entries.add(e.nextElement());
            for (ZipEntry entry : entries) {
                if (entry.isDirectory()) continue;
                String name = safe(entry.getName(), locked);
                if (name.equals(distInfo + "/RECORD") || name.equals(distInfo + "/RECORD.jws") || name.equals(distInfo + "/RECORD.p7s")
                        || name.equals(distInfo + "/INSTALLER")) continue;
                Path destination = destination(name, data, distInfo);
                try (InputStream in = zip.getInputStream(entry)) {
                    boolean script = name.startsWith(data + "/scripts/");
                    record.put(recordPath(destination), script ? writeScript(in, destination) : write(in, destination));
                }
            }
            for (Map.Entry<String, String> entryPoint : entryPoints(zip, distInfo, locked).entrySet()) {
                Path script = layout.scripts().resolve(entryPoint.getKey());
                record.put(recordPath(script), writeBytes(consoleScript(entryPoint.getValue()).getBytes(StandardCharsets.UTF_8), script));
                executable(script);
            }
            Path installer = layout.sitePackages().resolve(distInfo).resolve("INSTALLER");
            record.put(recordPath(installer), writeBytes((INSTALLER + "\n").getBytes(StandardCharsets.UTF_8), installer));
            Path recordFile = layout.sitePackages().resolve(distInfo).resolve("RECORD");
            record.put(recordPath(recordFile), "");
            StringBuilder text = new StringBuilder();
            record.forEach((path, hashAndSize) -> text.append(csv(path)).append(',').append(hashAndSize.isEmpty() ? "," : hashAndSize).append('\n'));
            Files.writeString(recordFile, text.toString());
        }
    }

    /** The one .dist-info folder at the root, named after the distribution. */
    private static String distInfo(ZipFile zip, LockedPackage locked) {
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            String name = e.nextElement().getName();
            int slash = name.indexOf('/');
            if (slash < 0) continue;
            String top = name.substring(0, slash);
            if (!top.endsWith(".dist-info")) continue;
            String nameAndVersion = top.substring(0, top.length() - ".dist-info".length());
            int dash = nameAndVersion.lastIndexOf('-');
            if (dash > 0 && PackageName.normalize(nameAndVersion.substring(0, dash)).equals(locked.name())) return top;
        }
        throw LabsException.failed("The wheel of " + locked.describe() + " has no " + locked.name() + "-VERSION.dist-info folder: it is not a valid wheel");
    }

    private Path destination(String name, String data, String distInfo) {
        if (!name.startsWith(data + "/")) return layout.sitePackages().resolve(name);
        String rest = name.substring(data.length() + 1);
        int slash = rest.indexOf('/');
        String scheme = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        return switch (scheme) {
            case "purelib", "platlib" -> layout.sitePackages().resolve(path);
            case "scripts" -> layout.scripts().resolve(path);
            case "headers" -> layout.prefix().resolve(target.prefix().relativize(target.headers(distInfo.replaceAll("-[^-]*\\.dist-info$", "")))).resolve(path);
            case "data" -> layout.prefix().resolve(path);
            default -> throw LabsException.failed("The wheel " + distInfo + " has a .data folder for the unknown scheme " + scheme);
        };
    }

    /** The installed file's path in the image, relative to site-packages, as RECORD names it. */
    private String recordPath(Path installed) {
        Path inImage;
        if (installed.startsWith(layout.sitePackages())) inImage = target.sitePackages().resolve(layout.sitePackages().relativize(installed).toString());
        else if (installed.startsWith(layout.scripts())) inImage = target.scripts().resolve(layout.scripts().relativize(installed).toString());
        else inImage = target.prefix().resolve(layout.prefix().relativize(installed).toString());
        return target.sitePackages().relativize(inImage).toString().replace('\\', '/');
    }

    /** A script's {@code #!python} (or pythonw) line becomes the image's interpreter, as the format requires. */
    private String writeScript(InputStream in, Path destination) throws IOException {
        byte[] bytes = in.readAllBytes();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.startsWith("#!python")) {
            int end = text.indexOf('\n');
            String firstLine = end < 0 ? text : text.substring(0, end);
            if (firstLine.matches("#!pythonw?\\s*(\\s.*)?\\r?")) {
                String arguments = firstLine.replaceFirst("#!pythonw?", "");
                bytes = ("#!" + target.interpreter() + arguments + (end < 0 ? "" : text.substring(end))).getBytes(StandardCharsets.ISO_8859_1);
            }
        }
        String hashAndSize = writeBytes(bytes, destination);
        executable(destination);
        return hashAndSize;
    }

    private String consoleScript(String reference) {
        String object = reference.replaceAll("\\[.*\\]", "").strip();
        int colon = object.indexOf(':');
        String module = (colon < 0 ? object : object.substring(0, colon)).strip();
        String function = colon < 0 ? "" : object.substring(colon + 1).strip();
        String importName = function.split("\\.")[0];
        return "#!" + target.interpreter() + "\n" + String.format(SCRIPT, module, importName, function);
    }

    /** console_scripts and gui_scripts of entry_points.txt, name → object reference. */
    private static Map<String, String> entryPoints(ZipFile zip, String distInfo, LockedPackage locked) throws IOException {
        Map<String, String> scripts = new TreeMap<>();
        ZipEntry entry = zip.getEntry(distInfo + "/entry_points.txt");
        if (entry == null) return scripts;
        String section = "";
        for (String raw : read(zip, distInfo + "/entry_points.txt", locked).split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
            } else if ((section.equals("console_scripts") || section.equals("gui_scripts")) && line.contains("=")) {
                int equals = line.indexOf('=');
                String name = line.substring(0, equals).strip();
                if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                    throw LabsException.failed(locked.describe() + " declares the script name '" + name + "', which is not a file name");
                }
                scripts.put(name, line.substring(equals + 1).strip());
            }
        }
        return scripts;
    }

    private static String read(ZipFile zip, String name, LockedPackage locked) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) throw LabsException.failed("The wheel of " + locked.describe() + " has no " + name + ": it is not a valid wheel");
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        }
    }

    /** RFC 822 style headers, as WHEEL and METADATA have them. */
    static Map<String, String> headers(String text) {
        Map<String, String> headers = new TreeMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !Character.isWhitespace(line.charAt(0))) headers.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return headers;
    }

    private static String safe(String name, LockedPackage locked) {
        if (name.startsWith("/") || name.contains("\\") || name.matches("(.*/)?\\.\\.(/.*)?")) {
            throw LabsException.failed("The wheel of " + locked.describe() + " has the entry " + name + ", outside the install folder");
        }
        return name;
    }

    private static String write(InputStream in, Path destination) throws IOException {
        Files.createDirectories(destination.getParent());
        MessageDigest sha = sha256();
        long size;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(destination), sha)) {
            size = in.transferTo(out);
        }
        return "sha256=" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest()) + "," + size;
    }

    private static String writeBytes(byte[] bytes, Path destination) throws IOException {
        Files.createDirectories(destination.getParent());
        Files.write(destination, bytes);
        return "sha256=" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256().digest(bytes)) + "," + bytes.length;
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** RECORD is CSV: a path with a comma or a quote is quoted. */
    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
