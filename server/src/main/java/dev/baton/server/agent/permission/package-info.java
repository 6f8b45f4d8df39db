/**
 * Which tool calls run without asking: {@link dev.baton.server.agent.permission.PermissionRule rules}
 * such as {@code Shell(npm test:*)} or {@code Edit(src/**)} from the project's {@code
 * .baton/settings.json} and from "Always allow" answers, held by a {@link
 * dev.baton.server.agent.permission.PermissionPolicy} that gives a {@link
 * dev.baton.server.agent.permission.Verdict} (deny beats allow) or none, when a person must decide.
 *
 * <p>Rules match the {@code ruleSubject} a tool's {@code Access.NeedsPermission} names.
 */
package dev.baton.server.agent.permission;
