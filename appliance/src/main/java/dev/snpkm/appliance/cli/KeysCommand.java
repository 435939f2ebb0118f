package dev.snpkm.appliance.cli;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.attribute.RevocationReason;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.RevocationReasonCode;
import dev.snpkm.kmip.payload.Activate;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.DeleteAttribute;
import dev.snpkm.kmip.payload.Destroy;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.Revoke;
import dev.snpkm.kmip.payload.SetAttribute;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Key lifecycle over KMIP. Never prints key material: there is deliberately no "get". Binding a key to a release
 * policy sets the {@code x-attestation-policy} attribute, which only an administrator may set (the server enforces).
 */
@Command(name = "keys", description = "Create, list, show, activate, revoke, destroy, bind and grant keys.",
        subcommands = {KeysCommand.CreateKey.class, KeysCommand.ListKeys.class, KeysCommand.ShowKey.class,
                KeysCommand.ActivateKey.class, KeysCommand.RevokeKey.class, KeysCommand.DestroyKey.class, KeysCommand.BindKey.class,
                KeysCommand.UnbindKey.class, KeysCommand.GrantKey.class})
final class KeysCommand {

    /**
     * What every key subcommand shares. The connection options live on the subcommands, so they are written
     * where operators write them: {@code kmipctl keys create --name x --data-dir D}.
     */
    abstract static class KeyOperation implements Callable<Integer> {
        @Mixin
        KmipConnectionOptions connection;

        @Option(names = "--kmip-version", defaultValue = "2.0",
                description = "protocol version (default ${DEFAULT-VALUE})")
        String kmipVersion;

        @Spec
        CommandSpec spec;

        KmipSession session() throws CliFailure {
            return new KmipSession(connection.open(), KmipVersion.parse(kmipVersion));
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "create", description = "Create an AES key (Encrypt|Decrypt); prints its unique identifier.")
    static final class CreateKey extends KeyOperation {
        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--length", defaultValue = "256")
        int length;

        @Override
        public Integer call() throws CliFailure {
            int usage = CryptographicUsageMask.maskOf(Set.of(CryptographicUsageMask.ENCRYPT,
                    CryptographicUsageMask.DECRYPT));
            Attributes attributes = Attributes.of(
                    Attribute.of(AttributeNames.CRYPTOGRAPHIC_ALGORITHM,
                            new Ttlv.Enumeration(Tag.CRYPTOGRAPHIC_ALGORITHM, CryptographicAlgorithm.AES.value())),
                    Attribute.of(AttributeNames.CRYPTOGRAPHIC_LENGTH,
                            new Ttlv.IntegerItem(Tag.CRYPTOGRAPHIC_LENGTH, length)),
                    Attribute.of(AttributeNames.CRYPTOGRAPHIC_USAGE_MASK,
                            new Ttlv.IntegerItem(Tag.CRYPTOGRAPHIC_USAGE_MASK, usage)),
                    Attribute.of(AttributeNames.NAME, Name.text(name)));
            try (KmipSession s = session()) {
                Create.Response r = s.call(Operation.CREATE, new Create.Request(EnumCode.of(ObjectType.SYMMETRIC_KEY),
                        attributes, List.of()), Create.Response.class);
                out().println(r.uniqueIdentifier());
            }
            return 0;
        }
    }

    @Command(name = "list", description = "Unique identifiers of the keys (Locate), optionally by name.")
    static final class ListKeys extends KeyOperation {
        @Option(names = "--name")
        String name;

        @Override
        public Integer call() throws CliFailure {
            try (KmipSession s = session()) {
                if (name != null) {
                    // By name: with owners, as keys of different owners may share a name.
                    KeyByName.find(s, name).forEach(k -> out().println(k.line()));
                    return 0;
                }
                Locate.Response r = s.call(Operation.LOCATE, Locate.Request.of(Attributes.EMPTY),
                        Locate.Response.class);
                r.uniqueIdentifiers().forEach(out()::println);
            }
            return 0;
        }
    }

    @Command(name = "show", description = "A key's attributes (never its material).")
    static final class ShowKey extends KeyOperation {
        @Parameters(paramLabel = "UID")
        String uid;

        @Override
        public Integer call() throws CliFailure {
            try (KmipSession s = session()) {
                GetAttributes.Response r = s.call(Operation.GET_ATTRIBUTES,
                        new GetAttributes.Request(UniqueIdentifier.of(uid), List.of()), GetAttributes.Response.class);
                out().println("uid: " + r.uniqueIdentifier());
                for (Attribute a : r.attributes().list()) {
                    out().println(a.name() + ": " + AttributeText.of(a));
                }
            }
            return 0;
        }
    }

    @Command(name = "activate", description = "Make a Pre-Active key Active (keys are created Pre-Active).")
    static final class ActivateKey extends KeyOperation {
        @Parameters(paramLabel = "UID")
        String uid;

        @Override
        public Integer call() throws CliFailure {
            try (KmipSession s = session()) {
                s.call(Operation.ACTIVATE, new Activate.Request(UniqueIdentifier.of(uid)), Activate.Response.class);
                out().println("activated " + uid);
            }
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a key (Cessation of Operation unless --compromised).")
    static final class RevokeKey extends KeyOperation {
        @Parameters(paramLabel = "UID")
        String uid;

        @Option(names = "--compromised")
        boolean compromised;

        @Override
        public Integer call() throws CliFailure {
            RevocationReasonCode code = compromised ? RevocationReasonCode.KEY_COMPROMISE
                    : RevocationReasonCode.CESSATION_OF_OPERATION;
            Long when = compromised ? java.time.Instant.now().getEpochSecond() : null;
            try (KmipSession s = session()) {
                s.call(Operation.REVOKE, new Revoke.Request(UniqueIdentifier.of(uid), RevocationReason.of(code), when),
                        Revoke.Response.class);
                out().println("revoked " + uid);
            }
            return 0;
        }
    }

    @Command(name = "destroy", description = "Destroy a key's material (metadata stays).")
    static final class DestroyKey extends KeyOperation {
        @Parameters(paramLabel = "UID")
        String uid;

        @Override
        public Integer call() throws CliFailure {
            try (KmipSession s = session()) {
                s.call(Operation.DESTROY, new Destroy.Request(UniqueIdentifier.of(uid)), Destroy.Response.class);
                out().println("destroyed " + uid);
            }
            return 0;
        }
    }

    @Command(name = "bind", description = "Bind a key to a release policy: only attested guests may then Get it.")
    static final class BindKey extends KeyOperation {
        @Parameters(paramLabel = "UID", arity = "0..1")
        String uid;

        @Option(names = "--name", description = "the key's Name instead of its UID; refused if several keys have it")
        String name;

        @Option(names = "--policy", required = true)
        String policy;

        @Override
        public Integer call() throws CliFailure {
            Attribute bound = Attribute.of(AttributeNames.X_ATTESTATION_POLICY,
                    Ttlv.text(Tag.ATTRIBUTE_VALUE, policy));
            try (KmipSession s = session()) {
                String uid = KeyByName.resolve(s, this.uid, name);
                s.call(Operation.SET_ATTRIBUTE, new SetAttribute.Request(UniqueIdentifier.of(uid), bound),
                        SetAttribute.Response.class);
                out().println("bound " + uid + " to policy " + policy);
            }
            return 0;
        }
    }

    @Command(name = "unbind", description = "Remove a key's release-policy binding.")
    static final class UnbindKey extends KeyOperation {
        @Parameters(paramLabel = "UID")
        String uid;

        @Override
        public Integer call() throws CliFailure {
            try (KmipSession s = session()) {
                s.call(Operation.DELETE_ATTRIBUTE, new DeleteAttribute.Request(UniqueIdentifier.of(uid), null,
                        AttributeNames.X_ATTESTATION_POLICY, null), DeleteAttribute.Response.class);
                out().println("unbound " + uid);
            }
            return 0;
        }
    }

    @Command(name = "grant", description = "Let another client identity read a key (x-authorized-client), e.g. the VM "
            + "that unlocks its disk with it; a bound key still needs attestation.")
    static final class GrantKey extends KeyOperation {
        @Parameters(paramLabel = "UID", arity = "0..1")
        String uid;

        @Option(names = "--name", description = "the key's Name instead of its UID; refused if several keys have it")
        String name;

        @Option(names = "--client", required = true,
                description = "the client's certificate subject DN (RFC 2253, e.g. CN=vm-1) or SHA-256 fingerprint (hex)")
        String client;

        @Override
        public Integer call() throws CliFailure {
            Attribute grant = Attribute.of(AttributeNames.X_AUTHORIZED_CLIENT,
                    Ttlv.text(Tag.ATTRIBUTE_VALUE, client));
            try (KmipSession s = session()) {
                String uid = KeyByName.resolve(s, this.uid, name);
                s.call(Operation.ADD_ATTRIBUTE, new AddAttribute.Request(UniqueIdentifier.of(uid), grant),
                        AddAttribute.Response.class);
                out().println("granted " + client + " read access to " + uid);
            }
            return 0;
        }
    }
}
