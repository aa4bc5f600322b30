import java.nio.file.Path;

/**
 * Where installed files go on this machine, each folder standing for one place in the image:
 * site-packages (purelib and platlib), the interpreter's bin folder (scripts), and the interpreter's
 * prefix (the data scheme, and headers under include/pythonX.Y/NAME).
 */
record InstallLayout(Path sitePackages, Path scripts, Path prefix) {
    static InstallLayout under(Path folder) {
        return new InstallLayout(folder.resolve("site-packages"), folder.resolve("bin"), folder.resolve("data"));
    }
}
