package dev.baton.server.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A TCP port for {@code --port}: 0 (any free port) to 65535, said as a range when it is not. */
final class PortConverter implements ITypeConverter<Integer> {
    static final int HIGHEST = 65_535;

    @Override
    public Integer convert(String text) {
        int port;
        try {
            port = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException(expected(text));
        }
        if (port < 0 || port > HIGHEST) {
            throw new TypeConversionException(expected(text));
        }
        return port;
    }

    private static String expected(String text) {
        return "expected a port from 0 to " + HIGHEST + " (0: any free port), got '" + text + "'";
    }
}
