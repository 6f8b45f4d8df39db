package dev.baton.server.cli;

import dev.baton.protocol.relay.LimitedScope;
import dev.baton.protocol.relay.RelayApi.LimitedToken;
import dev.baton.server.relayclient.RelayClient;
import dev.baton.server.relayclient.RelayException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code baton setup-token}: a limited token for a script, made with this computer's full-scope login.
 * The token alone goes to stdout, so {@code TOKEN=$(baton setup-token)} works; what it is goes to stderr.
 */
@Command(
        name = "setup-token",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = {
            "Make a limited token for scripts with this computer's login (`baton login`).",
            "The token is printed once, alone on stdout. It can never host a Remote Control session."
        })
final class SetupTokenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--scope",
            paramLabel = "SCOPE",
            defaultValue = "read-only",
            converter = ScopeConverter.class,
            description = "What the token may do: read-only (the account and its sessions). Default: ${DEFAULT-VALUE}.")
    LimitedScope scope;

    @Mixin
    SignedInOptions target;

    private final Map<String, String> env;

    SetupTokenCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        SignedInToken signedIn = SignedInToken.resolve(target, env, "setup-token");
        try (RelayClient client = new RelayClient(signedIn.relay())) {
            LimitedToken token = client.createLimitedToken(signedIn.token(), scope);
            PrintWriter out = spec.commandLine().getOut();
            out.println(token.token());
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println("A read-only token for " + signedIn.relay() + ", valid until " + token.expiresAt() + ".");
            err.println("It reads the account and lists its sessions (GET /v1/account, GET /v1/account/sessions);"
                    + " Remote Control refuses it. Anyone who has it can read your session titles: keep it secret.");
            err.flush();
            return 0;
        } catch (RelayException e) {
            throw new CommandFailure(
                    "the relay refused to make a token with the one from " + signedIn.source() + " (" + e.getMessage()
                            + "); a limited token is made with a full-scope login: run `baton login`",
                    e);
        } catch (IOException e) {
            throw new CommandFailure(e.getMessage(), e, BatonCli.EXIT_UNREACHABLE);
        }
    }

    /** {@code read-only}, as the wire spells it. */
    static final class ScopeConverter implements ITypeConverter<LimitedScope> {
        @Override
        public LimitedScope convert(String value) {
            if (value.equals("read-only")) {
                return LimitedScope.READ_ONLY;
            }
            if (value.equals("inference-only")) {
                throw new TypeConversionException("'inference-only' grants nothing here: Baton's relay carries no"
                        + " model traffic (each backend talks to its own provider); the scope there is: read-only");
            }
            throw new TypeConversionException("'" + value + "' is not a scope; the one there is: read-only");
        }
    }
}
