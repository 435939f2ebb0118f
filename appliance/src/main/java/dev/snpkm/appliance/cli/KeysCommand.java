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
@Command(
        name = "keys",
        description = "Create, list, show, activate, revoke, destroy, bind, grant and ungrant keys "
                + "over KMIP (mutual TLS, the administrator certificate by default).",
        subcommands = {
            KeysCommand.CreateKey.class,
            KeysCommand.ListKeys.class,
            KeysCommand.ShowKey.class,
            KeysCommand.ActivateKey.class,
            KeysCommand.RevokeKey.class,
            KeysCommand.DestroyKey.class,
            KeysCommand.BindKey.class,
            KeysCommand.UnbindKey.class,
            KeysCommand.GrantKey.class,
            KeysCommand.UngrantKey.class
        })
final class KeysCommand {

    /**
     * What every key subcommand shares. The connection options live on the subcommands, so they are written
     * where operators write them: {@code kmipctl keys create --name x --data-dir D}.
     */
    abstract static class KeyOperation implements Callable<Integer> {
        @Mixin
        KmipConnectionOptions connection;

        @Option(
                names = "--kmip-version",
                defaultValue = "2.0",
                paramLabel = "MAJOR.MINOR",
                description = "KMIP protocol version to speak, 1.0 to 2.1 (default ${DEFAULT-VALUE})")
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
        @Option(names = "--name", required = true, description = "the key's Name (unique per server)")
        String name;

        @Option(
                names = "--length",
                defaultValue = "256",
                paramLabel = "BITS",
                description = "AES key length in bits: 128, 192 or 256 (default ${DEFAULT-VALUE})")
        int length;

        @Override
        public Integer call() throws CliFailure {
            int usage = CryptographicUsageMask.maskOf(
                    Set.of(CryptographicUsageMask.ENCRYPT, CryptographicUsageMask.DECRYPT));
            Attributes attributes = Attributes.of(
                    Attribute.of(
                            AttributeNames.CRYPTOGRAPHIC_ALGORITHM,
                            new Ttlv.Enumeration(Tag.CRYPTOGRAPHIC_ALGORITHM, CryptographicAlgorithm.AES.value())),
                    Attribute.of(
                            AttributeNames.CRYPTOGRAPHIC_LENGTH,
                            new Ttlv.IntegerItem(Tag.CRYPTOGRAPHIC_LENGTH, length)),
                    Attribute.of(
                            AttributeNames.CRYPTOGRAPHIC_USAGE_MASK,
                            new Ttlv.IntegerItem(Tag.CRYPTOGRAPHIC_USAGE_MASK, usage)),
                    Attribute.of(AttributeNames.NAME, Name.text(name)));
            try (KmipSession s = session()) {
                Create.Response r = s.call(
                        Operation.CREATE,
                        new Create.Request(EnumCode.of(ObjectType.SYMMETRIC_KEY), attributes, List.of()),
                        Create.Response.class);
                out().println(r.uniqueIdentifier());
            }
            return 0;
        }
    }

    @Command(
            name = "list",
            description = "The keys this certificate may see (Locate), optionally by name: unique "
                    + "identifier, name, state, release policy and creation date; -q for identifiers only.")
    static final class ListKeys extends KeyOperation {
        @Option(names = "--name", description = "only the key with this Name")
        String name;

        @Option(
                names = {"-q", "--quiet"},
                description = "print only the unique identifiers, one per line")
        boolean quiet;

        @Override
        public Integer call() throws CliFailure {
            try (KmipSession s = session()) {
                Attributes filter = name == null
                        ? Attributes.EMPTY
                        : Attributes.of(Attribute.of(AttributeNames.NAME, Name.text(name)));
                Locate.Response r = s.call(Operation.LOCATE, Locate.Request.of(filter), Locate.Response.class);
                if (quiet) {
                    r.uniqueIdentifiers().forEach(out()::println);
                    return 0;
                }
                // With owners: keys of different owners may share a name.
                KeyTable table = new KeyTable();
                for (String uid : r.uniqueIdentifiers()) {
                    table.add(
                            uid,
                            s.call(
                                            Operation.GET_ATTRIBUTES,
                                            new GetAttributes.Request(UniqueIdentifier.of(uid), KeyTable.ATTRIBUTES),
                                            GetAttributes.Response.class)
                                    .attributes());
                }
                table.print(out());
            }
            return 0;
        }
    }

    @Command(name = "show", description = "A key's attributes (never its material).")
    static final class ShowKey extends KeyOperation {
        @Parameters(paramLabel = "UID", description = "the key's unique identifier")
        String uid;

        @Override
        public Integer call() throws CliFailure {
            try (KmipSession s = session()) {
                GetAttributes.Response r = s.call(
                        Operation.GET_ATTRIBUTES,
                        new GetAttributes.Request(UniqueIdentifier.of(uid), List.of()),
                        GetAttributes.Response.class);
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
        @Parameters(paramLabel = "UID", description = "the key's unique identifier")
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
        @Parameters(paramLabel = "UID", description = "the key's unique identifier")
        String uid;

        @Option(
                names = "--compromised",
                description = "revoke as Key Compromise (compromised now) instead of " + "Cessation of Operation")
        boolean compromised;

        @Override
        public Integer call() throws CliFailure {
            RevocationReasonCode code =
                    compromised ? RevocationReasonCode.KEY_COMPROMISE : RevocationReasonCode.CESSATION_OF_OPERATION;
            Long when = compromised ? java.time.Instant.now().getEpochSecond() : null;
            try (KmipSession s = session()) {
                s.call(
                        Operation.REVOKE,
                        new Revoke.Request(UniqueIdentifier.of(uid), RevocationReason.of(code), when),
                        Revoke.Response.class);
                out().println("revoked " + uid);
            }
            return 0;
        }
    }

    @Command(name = "destroy", description = "Destroy a key's material (metadata stays).")
    static final class DestroyKey extends KeyOperation {
        @Parameters(paramLabel = "UID", description = "the key's unique identifier")
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
        @Parameters(paramLabel = "UID", arity = "0..1", description = "the key's unique identifier")
        String uid;

        @Option(names = "--name", description = "the key's Name instead of its UID; refused if several keys have it")
        String name;

        @Option(
                names = "--policy",
                required = true,
                paramLabel = "NAME",
                description = "a release policy the appliance enforces (kmipctl policies list); an unknown name is "
                        + "refused")
        String policy;

        @Override
        public Integer call() throws CliFailure {
            Attribute bound = Attribute.of(AttributeNames.X_ATTESTATION_POLICY, Ttlv.text(Tag.ATTRIBUTE_VALUE, policy));
            try (KmipSession s = session()) {
                String uid = KeyByName.resolve(s, this.uid, name);
                s.call(
                        Operation.SET_ATTRIBUTE,
                        new SetAttribute.Request(UniqueIdentifier.of(uid), bound),
                        SetAttribute.Response.class);
                out().println("bound " + uid + " to policy " + policy);
            }
            return 0;
        }
    }

    @Command(name = "unbind", description = "Remove a key's release-policy binding.")
    static final class UnbindKey extends KeyOperation {
        @Parameters(paramLabel = "UID", description = "the key's unique identifier")
        String uid;

        @Override
        public Integer call() throws CliFailure {
            try (KmipSession s = session()) {
                s.call(
                        Operation.DELETE_ATTRIBUTE,
                        new DeleteAttribute.Request(
                                UniqueIdentifier.of(uid), null, AttributeNames.X_ATTESTATION_POLICY, null),
                        DeleteAttribute.Response.class);
                out().println("unbound " + uid);
            }
            return 0;
        }
    }

    @Command(
            name = "grant",
            description = "Let another client identity read a key (x-authorized-client), e.g. the VM "
                    + "that unlocks its disk with it; a bound key still needs attestation.")
    static final class GrantKey extends KeyOperation {
        @Parameters(paramLabel = "UID", arity = "0..1", description = "the key's unique identifier")
        String uid;

        @Option(names = "--name", description = "the key's Name instead of its UID; refused if several keys have it")
        String name;

        @Option(
                names = "--client",
                required = true,
                description =
                        "the client's certificate subject DN (RFC 2253, e.g. CN=vm-1) or SHA-256 fingerprint (hex)")
        String client;

        @Override
        public Integer call() throws CliFailure {
            Attribute grant = Attribute.of(AttributeNames.X_AUTHORIZED_CLIENT, Ttlv.text(Tag.ATTRIBUTE_VALUE, client));
            try (KmipSession s = session()) {
                String uid = KeyByName.resolve(s, this.uid, name);
                s.call(
                        Operation.ADD_ATTRIBUTE,
                        new AddAttribute.Request(UniqueIdentifier.of(uid), grant),
                        AddAttribute.Response.class);
                out().println("granted " + client + " read access to " + uid);
            }
            return 0;
        }
    }

    @Command(
            name = "ungrant",
            description = "Take back a client identity's read access to a key (removes its "
                    + "x-authorized-client entry); the key's owner keeps access.")
    static final class UngrantKey extends KeyOperation {
        @Parameters(paramLabel = "UID", description = "the key's unique identifier")
        String uid;

        @Option(
                names = "--client",
                required = true,
                description = "the identity exactly as it was granted (subject DN or SHA-256 fingerprint)")
        String client;

        @Override
        public Integer call() throws CliFailure {
            try (KmipSession s = session()) {
                GetAttributes.Response current = s.call(
                        Operation.GET_ATTRIBUTES,
                        new GetAttributes.Request(UniqueIdentifier.of(uid), List.of()),
                        GetAttributes.Response.class);
                List<Attribute> grants = current.attributes().all(AttributeNames.X_AUTHORIZED_CLIENT);
                int index = -1;
                for (int i = 0; i < grants.size(); i++) {
                    if (client.equals(AttributeText.of(grants.get(i)))) {
                        index = i;
                    }
                }
                if (index < 0) {
                    throw new CliFailure(uid + " is not granted to " + client);
                }
                Attribute grant =
                        Attribute.of(AttributeNames.X_AUTHORIZED_CLIENT, Ttlv.text(Tag.ATTRIBUTE_VALUE, client));
                // 2.x names the instance by value (Current Attribute); 1.x by its Attribute Index.
                DeleteAttribute.Request delete = s.version().isTwoOrLater()
                        ? new DeleteAttribute.Request(UniqueIdentifier.of(uid), grant, null, null)
                        : new DeleteAttribute.Request(
                                UniqueIdentifier.of(uid), null, AttributeNames.X_AUTHORIZED_CLIENT, index);
                s.call(Operation.DELETE_ATTRIBUTE, delete, DeleteAttribute.Response.class);
                out().println("took back " + client + "'s read access to " + uid);
            }
            return 0;
        }
    }
}
