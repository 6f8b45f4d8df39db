package dev.baton.server.cli;

import dev.baton.server.config.BatonHome;
import dev.baton.server.config.Credentials;
import dev.baton.server.config.CredentialsFile;
import dev.baton.server.relayclient.RelayClient;
import dev.baton.server.relayclient.RelayException;
import dev.baton.server.remote.ExternalAccount;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code baton logout}: revokes the saved account token on its relay and removes it from this computer. */
@Command(
        name = "logout",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Sign this computer out: revoke the saved token on the relay and delete it here.")
final class LogoutCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    LogoutCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CredentialsFile file =
                new CredentialsFile(BatonHome.fromEnvironment(env).credentialsFile());
        Optional<Credentials> saved = file.read();
        if (saved.isEmpty()) {
            out.println("Not signed in: " + file.path() + " does not exist.");
        } else {
            Credentials credentials = saved.get();
            String relay = credentials.relayUrl();
            if (relay != null) {
                try (RelayClient client = new RelayClient(URI.create(relay))) {
                    client.revokeAccountToken(credentials.accountToken());
                } catch (RelayException e) {
                    if (!e.tokenRefused()) {
                        err.println("baton: the relay did not revoke the token (" + e.getMessage()
                                + "); it is deleted here and stays valid on the relay until it expires");
                    }
                } catch (IOException e) {
                    err.println("baton: " + e.getMessage() + "; the token is deleted here and stays valid on the"
                            + " relay until it expires"
                            + (credentials.expiresAt() == null ? "" : " (" + credentials.expiresAt() + ")"));
                }
            }
            Files.deleteIfExists(file.path());
            out.println("Signed out" + (relay == null ? "" : " of " + relay)
                    + (credentials.user() == null ? "" : " (" + credentials.user() + ")") + ".");
        }
        String variable = env.get(ExternalAccount.TOKEN_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            out.println(
                    ExternalAccount.TOKEN_VARIABLE + " is still set in this shell; unset it to stop using that token.");
        }
        out.flush();
        return 0;
    }
}
