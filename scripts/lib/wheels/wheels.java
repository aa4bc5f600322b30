// Bundle of scripts/lib/wheels: Python wheels installed for the image without Python: uv.lock and pinned requirement files read, markers evaluated, the best wheel chosen, downloaded and installed by the PyPA specifications.
// A script lists this file with //SOURCES; it names each file (no globs: JBang cannot expand them by URL).
//DEPS com.fasterxml.jackson.core:jackson-databind:2.15.2
//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-toml:2.15.2
//SOURCES DistFile.java
//SOURCES InstallLayout.java
//SOURCES LockedPackage.java
//SOURCES Marker.java
//SOURCES PackageName.java
//SOURCES Pep440Version.java
//SOURCES PinnedRequirements.java
//SOURCES SimpleIndex.java
//SOURCES UvLock.java
//SOURCES WheelFileName.java
//SOURCES WheelInstall.java
//SOURCES WheelInstaller.java
//SOURCES WheelTarget.java
