package dev.baton.server.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code baton --version}: the Implementation-Version the build writes into the jar's manifest. */
final class ManifestVersion implements IVersionProvider {
    static String version() {
        String version = BatonCli.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"baton " + version()};
    }
}
