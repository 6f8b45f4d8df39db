/**
 * The wire types: every package is API. Open because Jackson reads and writes these types by reflection,
 * and the relay reads the generated JSON Schema ({@code schema/v2.json}) out of this module.
 */
open module dev.baton.protocol {
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    // Only the build runs the schema generator; nothing needs it at run time.
    requires static com.github.victools.jsonschema.generator;
    requires static com.github.victools.jsonschema.module.jackson;
    requires static com.fasterxml.classmate;

    exports dev.baton.protocol;
    exports dev.baton.protocol.editor;
    exports dev.baton.protocol.event;
    exports dev.baton.protocol.frame;
    exports dev.baton.protocol.relay;
    exports dev.baton.protocol.schema;
    exports dev.baton.protocol.seal;
}
