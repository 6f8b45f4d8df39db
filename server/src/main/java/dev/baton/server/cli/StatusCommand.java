package dev.baton.server.cli;

import dev.baton.protocol.relay.RelayApi.AccountInfo;
import dev.baton.server.config.Credentials;
import dev.baton.server.relayclient.RelayClient;
import dev.baton.server.relayclient.RelayException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code baton status}: which relay, user and organization this computer's account token is for, what
 * kind of token it is and when it expires, as the relay says. The token itself is never printed.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Show which relay and account this computer is signed in to.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SignedInOptions target;

    private final Map<String, String> env;

    StatusCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SignedInToken signedIn = SignedInToken.resolve(target, env, "status");
        String token = signedIn.token();
        String source = signedIn.source();
        URI url = signedIn.relay();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Relay:", url.toString()});
        try (RelayClient client = new RelayClient(url)) {
            AccountInfo info = client.account(token);
            rows.add(new String[] {"User:", info.user()});
            rows.add(new String[] {
                "Organization:", info.org() == null ? "none (personal account)" : info.org() + " (" + info.role() + ")"
            });
            rows.add(new String[] {"Token:", info.tokenKind() + " token, from " + source});
            rows.add(new String[] {
                "Expires:",
                info.expiresAt() == null ? "never" : info.expiresAt().toString()
            });
            RelayAdmins.printTable(out, rows);
            out.flush();
            return 0;
        } catch (RelayException e) {
            RelayAdmins.printTable(out, rows);
            out.flush();
            throw new CommandFailure(
                    "the relay refused the token from " + source + " (" + e.getMessage() + "); run `baton login`"
                            + " again",
                    e);
        } catch (IOException e) {
            // Unreachable: what the login saved still says who this is.
            if (signedIn.fromSavedLogin()) {
                Credentials known = signedIn.saved().orElseThrow();
                rows.add(new String[] {"User:", known.user() == null ? "unknown" : known.user()});
                rows.add(new String[] {"Organization:", known.org() == null ? "none known" : known.org()});
                rows.add(new String[] {"Token:", "account token, from " + source});
                rows.add(new String[] {"Expires:", known.expiresAt() == null ? "unknown" : known.expiresAt()});
            }
            RelayAdmins.printTable(out, rows);
            out.flush();
            throw new CommandFailure(e.getMessage(), e, BatonCli.EXIT_UNREACHABLE);
        }
    }
}
