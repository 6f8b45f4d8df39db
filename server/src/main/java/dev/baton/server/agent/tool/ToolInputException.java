package dev.baton.server.agent.tool;

/** The model called a tool with input that does not fit its schema; the model is told and may retry. */
public final class ToolInputException extends RuntimeException {
    public ToolInputException(String message) {
        super(message);
    }
}
