package dev.snpkm.appliance.cli;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.List;

/**
 * Keys found by Name, with their owners. Names are unique per owner only, so anyone may register a key named like
 * another owner's ({@code vm-1-disk}): a listing shows whose each key is, and provisioning by name (bind, grant)
 * refuses a name that more than one key answers to, rather than act on whichever the server listed first.
 */
final class KeyByName {
    private KeyByName() {}

    /** One key and its owner (the certificate subject that created it). */
    record Owned(String uid, String owner) {
        String line() {
            return uid + " owner=" + owner;
        }
    }

    static List<Owned> find(KmipSession s, String name) throws CliFailure {
        Locate.Response r = s.call(
                Operation.LOCATE,
                Locate.Request.of(Attributes.of(Attribute.of(AttributeNames.NAME, Name.text(name)))),
                Locate.Response.class);
        List<Owned> out = new java.util.ArrayList<>();
        for (String uid : r.uniqueIdentifiers()) {
            GetAttributes.Response a = s.call(
                    Operation.GET_ATTRIBUTES,
                    new GetAttributes.Request(UniqueIdentifier.of(uid), List.of(AttributeNames.X_OWNER)),
                    GetAttributes.Response.class);
            out.add(new Owned(uid, a.attributes().text(AttributeNames.X_OWNER).orElse("?")));
        }
        return out;
    }

    /** The UID given, or the one key named {@code name}; refuses none, both, a missing and an ambiguous name. */
    static String resolve(KmipSession s, String uid, String name) throws CliFailure {
        if ((uid == null) == (name == null)) {
            throw new CliFailure("give the key's UID or --name NAME (one of them)");
        }
        if (uid != null) {
            return uid;
        }
        List<Owned> keys = find(s, name);
        if (keys.isEmpty()) {
            throw new CliFailure("no key is named '" + name + "'");
        }
        if (keys.size() > 1) {
            throw new CliFailure("the name '" + name + "' is ambiguous, " + keys.size() + " keys answer to it: "
                    + String.join("; ", keys.stream().map(Owned::line).toList()) + "; give the UID instead");
        }
        return keys.get(0).uid();
    }
}
