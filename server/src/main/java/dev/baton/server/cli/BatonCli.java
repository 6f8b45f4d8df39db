package dev.baton.server.cli;

import dev.baton.server.config.BatonHome;
import dev.baton.server.config.ConfigurationException;
import dev.baton.server.relayclient.RelayException;
import dev.baton.server.relayclient.RelayUnreachableException;
import dev.baton.server.session.SessionBusyException;
import dev.baton.server.tui.InteractiveSession;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code baton}: the command line of the backend. Exit codes: 0 normal, 1 runtime failure, 2 usage,
 * 3 Remote Control gave up because the relay was unreachable for the offline limit, 4 the relay cannot be
 * reached ({@code login}, {@code status}, {@code remote-control} as it starts), 5 the sign-in was denied, 6 the
 * sign-in code expired, 7 the relay is too old for this backend.
 */
@Command(
        name = "baton",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "Continue a local AI coding session from anywhere.")
public final class BatonCli implements Callable<Integer> {
    /** {@code baton remote-control} stopped because the relay was unreachable for the offline limit. */
    public static final int EXIT_OFFLINE_LIMIT = 3;
    /** {@code baton login}, {@code baton status} or {@code baton remote-control} as it starts could not reach the relay. */
    public static final int EXIT_UNREACHABLE = 4;
    /** {@code baton login}: the user denied the sign-in on the relay's page. */
    public static final int EXIT_DENIED = 5;
    /** {@code baton login}: nobody approved the code before it expired. */
    public static final int EXIT_EXPIRED = 6;
    /** {@code baton remote-control}: the relay speaks an older protocol than this backend and must be updated. */
    public static final int EXIT_RELAY_TOO_OLD = 7;

    /** The subcommands, in the order {@code baton --help} lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            RemoteControlCommand.class,
            RelayCommand.class,
            LspCommand.class,
            ConfigCommand.class,
            TrustCommand.class,
            UntrustCommand.class,
            LoginCommand.class,
            LogoutCommand.class,
            StatusCommand.class,
            SetupTokenCommand.class);

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        // UTF-8 whatever the locale says: the QR code is drawn with block characters.
        PrintWriter out = new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        System.exit(commandLine(System.getenv(), out, err, subcommandsFor(args)).execute(args));
    }

    /** The whole command tree, reading its settings from {@code env} and printing to the given writers. */
    public static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err) {
        return commandLine(env, out, err, SUBCOMMANDS);
    }

    /**
     * Only the subcommand the arguments name, when they start with one: picocli builds its model of a
     * command by reflection, and building all of them (the relay's tree among them) took about a fifth
     * of {@code baton lsp}'s start. Anything else, {@code --help} included, gets them all.
     */
    static List<Class<?>> subcommandsFor(String[] args) {
        if (args.length > 0) {
            for (Class<?> subcommand : SUBCOMMANDS) {
                Command command = subcommand.getAnnotation(Command.class);
                if (command.name().equals(args[0]) || List.of(command.aliases()).contains(args[0])) {
                    return List.of(subcommand);
                }
            }
        }
        return SUBCOMMANDS;
    }

    private static CommandLine commandLine(
            Map<String, String> env, PrintWriter out, PrintWriter err, List<Class<?>> subcommands) {
        CommandLine cli = new CommandLine(new BatonCli(env), new EnvironmentFactory(env));
        // Added before the writers and handlers below, which picocli passes on to the subcommands it has.
        subcommands.forEach(cli::addSubcommand);
        // "--name --verbos" is a mistyped option, not a name: picocli would take any word that is not one of
        // the command's options as the value before it.
        cli.setUnmatchedOptionsAllowedAsOptionParameters(false);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(BatonCli::failed);
        cli.setParameterExceptionHandler(new UsageErrors());
        return cli;
    }

    @Option(
            names = {"-c", "--continue"},
            description = "Continue the most recent conversation of the current directory.")
    boolean continueLatest;

    @Option(names = "--resume", description = "Pick a conversation of the current directory to continue.")
    boolean resume;

    @Option(
            names = {"--remote-control", "--rc"},
            arity = "0..1",
            fallbackValue = "",
            paramLabel = "NAME",
            description = "Also continue this conversation from a phone or browser (Remote Control).")
    void remoteControl(String name) {
        // An optional value takes whatever word follows, a mistyped option too (commandLine's parser setting covers
        // only options that need their value).
        if (name.startsWith("-")) {
            throw new UnmatchedArgumentException(spec.commandLine(), List.of(name));
        }
        remoteControl = name;
    }

    private String remoteControl;

    @Mixin
    RelayOptions relayOptions;

    @Mixin
    SandboxOption sandbox;

    private final Map<String, String> env;

    BatonCli(Map<String, String> env) {
        this.env = env;
    }

    /** {@code baton} alone: an interactive conversation in the current directory. */
    @Override
    public Integer call() throws IOException {
        if (continueLatest && resume) {
            throw new ParameterException(spec.commandLine(), "--continue and --resume cannot be used together");
        }
        // The folder's trust is settled before its settings or MCP servers could take effect; the
        // reminder it may return is already on this terminal, which no screen covers.
        StartGuard.check(env, spec.commandLine().getErr());
        return InteractiveSession.run(
                env,
                new InteractiveSession.Launch(
                        continueLatest,
                        resume,
                        remoteControl,
                        relayOptions.relay,
                        relayOptions.port,
                        relayOptions.insecure,
                        sandbox.resolve(BatonHome.fromEnvironment(env), env)),
                spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    /** One clear line for the errors users can meet; a stack trace only for what is a bug. */
    private static int failed(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        try {
            return report(failure, err);
        } finally {
            showExchange(failure, parsed, err);
            err.flush();
        }
    }

    private static int report(Exception failure, PrintWriter err) {
        switch (failure) {
            case ConfigurationException e -> {
                err.println("baton: " + e.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
            case CommandFailure e -> {
                err.println("baton: " + e.getMessage());
                err.flush();
                return e.exitCode();
            }
            case RelayUnreachableException e -> {
                err.println("baton: " + e.getMessage());
                err.flush();
                return EXIT_UNREACHABLE;
            }
            case IOException e -> err.println("baton: " + e.getMessage());
            case UncheckedIOException e -> err.println("baton: " + e.getMessage());
            case SessionBusyException e -> err.println("baton: " + e.getMessage());
            default -> {
                err.println("baton: internal error: " + failure);
                failure.printStackTrace(err);
            }
        }
        err.flush();
        return CommandLine.ExitCode.SOFTWARE;
    }

    /** With {@code --verbose}, a refusal by the relay is followed by the call that drew it, tokens masked. */
    private static void showExchange(Exception failure, CommandLine.ParseResult parsed, PrintWriter err) {
        CommandLine.ParseResult command = parsed;
        while (command.subcommand() != null) {
            command = command.subcommand();
        }
        if (!command.hasMatchedOption("--verbose")) {
            return;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RelayException refusal && refusal.exchange().isPresent()) {
                err.println("baton: the refused call:");
                err.println(refusal.exchange().get());
                return;
            }
        }
    }

    /** Gives the commands that need it the process environment, which tests replace. */
    private record EnvironmentFactory(Map<String, String> env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(Map.class).newInstance(env);
            } catch (NoSuchMethodException noEnvironmentNeeded) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
