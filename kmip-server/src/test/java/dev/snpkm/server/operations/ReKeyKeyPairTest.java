package dev.snpkm.server.operations;

import static dev.snpkm.server.operations.SplitKeyTest.assertRefused;
import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Link;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.LinkType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.RecommendedCurve;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.CreateKeyPair;
import dev.snpkm.kmip.payload.Destroy;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.ModifyAttribute;
import dev.snpkm.kmip.payload.ReKeyKeyPair;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Re-key Key Pair (KMIP 1.4 §4.5, 2.1 §6.1.43) end to end over mutual TLS: a new pair of the same algorithm and length
 * replaces the old one, takes its Names and (shifted) dates as Re-key does, and is linked to it and within itself.
 */
class ReKeyKeyPairTest {
    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void theNewPairTakesNamesShiftedDatesAndLinks() {
        long now = Instant.now().getEpochSecond();
        String label = "rekey-pair-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            CreateKeyPair.Response old = createEcPair(s, KmipVersion.V2_1, label, now);

            CreateKeyPair.Response fresh = s.call(
                            KmipVersion.V2_1,
                            Operation.RE_KEY_KEY_PAIR,
                            new ReKeyKeyPair.Request(
                                    UniqueIdentifier.of(old.privateKeyUniqueIdentifier()),
                                    50L,
                                    CreateKeyPair.Request.of(null, null, null)))
                    .payload(CreateKeyPair.Response.class)
                    .orElseThrow();

            Attributes newPrivate = attributes(s, fresh.privateKeyUniqueIdentifier());
            Attributes newPublic = attributes(s, fresh.publicKeyUniqueIdentifier());
            assertThat(names(newPrivate)).containsExactly(label + "-private");
            assertThat(names(newPublic)).containsExactly(label + "-public");
            assertThat(names(attributes(s, old.privateKeyUniqueIdentifier()))).isEmpty();
            long activation =
                    StoredAttributes.date(newPrivate, "Activation Date").orElseThrow();
            assertThat(activation).isBetween(now + 50, now + 60);
            long shift = activation - (now - 100);
            assertThat(StoredAttributes.date(newPrivate, "Deactivation Date")).contains(now + 1000 + shift);
            assertThat(StoredAttributes.date(newPublic, "Deactivation Date")).contains(now + 1000 + shift);
            assertThat(newPrivate
                            .enumeration("Cryptographic Algorithm", CryptographicAlgorithm.class)
                            .flatMap(e -> e.known()))
                    .contains(CryptographicAlgorithm.EC);
            assertThat(newPrivate.integer("Cryptographic Length")).contains(256);

            assertThat(link(newPrivate, LinkType.PUBLIC_KEY_LINK)).isEqualTo(fresh.publicKeyUniqueIdentifier());
            assertThat(link(newPublic, LinkType.PRIVATE_KEY_LINK)).isEqualTo(fresh.privateKeyUniqueIdentifier());
            assertThat(link(newPrivate, LinkType.REPLACED_OBJECT_LINK)).isEqualTo(old.privateKeyUniqueIdentifier());
            assertThat(link(newPublic, LinkType.REPLACED_OBJECT_LINK)).isEqualTo(old.publicKeyUniqueIdentifier());
            assertThat(link(attributes(s, old.privateKeyUniqueIdentifier()), LinkType.REPLACEMENT_OBJECT_LINK))
                    .isEqualTo(fresh.privateKeyUniqueIdentifier());
            assertThat(link(attributes(s, old.publicKeyUniqueIdentifier()), LinkType.REPLACEMENT_OBJECT_LINK))
                    .isEqualTo(fresh.publicKeyUniqueIdentifier());
            assertThat(spki(s, fresh.publicKeyUniqueIdentifier()))
                    .isNotEqualTo(spki(s, old.publicKeyUniqueIdentifier()));
        }
    }

    @Test
    void inKmip14TheIdPlaceholderIsTheNewPrivateKey() {
        try (var s = server.session(server.owner)) {
            CreateKeyPair.Response old = createEcPair(
                    s,
                    KmipVersion.V1_4,
                    "rekey-pair-14-" + System.nanoTime(),
                    Instant.now().getEpochSecond());
            ResponseMessage r = s.send(
                    RequestHeader.builder(KmipVersion.V1_4)
                            .batchOrderOption(true)
                            .build(),
                    List.of(
                            RequestBatchItem.of(
                                            Operation.RE_KEY_KEY_PAIR,
                                            ReKeyKeyPair.Request.of(old.privateKeyUniqueIdentifier()))
                                    .withId(Bytes.ofHex("01")),
                            RequestBatchItem.of(Operation.GET, new Get.Request(null, null, null, null, null))
                                    .withId(Bytes.ofHex("02"))));
            CreateKeyPair.Response fresh =
                    r.batchItems().get(0).payload(CreateKeyPair.Response.class).orElseThrow();
            Get.Response got = r.batchItems().get(1).payload(Get.Response.class).orElseThrow();
            assertThat(got.uniqueIdentifier()).isEqualTo(fresh.privateKeyUniqueIdentifier());
            assertThat(got.object()).isInstanceOf(ManagedObject.PrivateKey.class);
        }
    }

    @Test
    void aPublicKeyADestroyedKeyAndAMissingOneAreRefused() {
        try (var s = server.session(server.owner)) {
            CreateKeyPair.Response pair = createEcPair(
                    s,
                    KmipVersion.V2_1,
                    "rekey-pair-bad-" + System.nanoTime(),
                    Instant.now().getEpochSecond());
            long before = server.storedObjects();

            assertRefused(
                    s.call(
                            KmipVersion.V2_1,
                            Operation.RE_KEY_KEY_PAIR,
                            ReKeyKeyPair.Request.of(pair.publicKeyUniqueIdentifier())),
                    ResultReason.INVALID_OBJECT_TYPE,
                    "names the Private Key");
            assertRefused(
                    s.call(KmipVersion.V2_1, Operation.RE_KEY_KEY_PAIR, ReKeyKeyPair.Request.of("no-such-key")),
                    ResultReason.OBJECT_NOT_FOUND,
                    "no-such-key");
            assertThat(server.storedObjects()).isEqualTo(before);
            CreateKeyPair.Response preActive = s.call(
                            KmipVersion.V2_1,
                            Operation.CREATE_KEY_PAIR,
                            CreateKeyPair.Request.of(
                                    Attributes.of(
                                            AttributeFactory.enumeration(
                                                    "Cryptographic Algorithm", CryptographicAlgorithm.EC.value()),
                                            AttributeFactory.integer("Cryptographic Length", 256)),
                                    Attributes.EMPTY,
                                    Attributes.EMPTY))
                    .payload(CreateKeyPair.Response.class)
                    .orElseThrow();
            ResponseBatchItem destroyed = s.call(
                    KmipVersion.V2_1,
                    Operation.DESTROY,
                    new Destroy.Request(UniqueIdentifier.of(preActive.privateKeyUniqueIdentifier())));
            assertThat(destroyed.isSuccess()).as(destroyed.resultMessage()).isTrue();
            before = server.storedObjects();
            assertRefused(
                    s.call(
                            KmipVersion.V2_1,
                            Operation.RE_KEY_KEY_PAIR,
                            ReKeyKeyPair.Request.of(preActive.privateKeyUniqueIdentifier())),
                    ResultReason.WRONG_KEY_LIFECYCLE_STATE,
                    "cannot be re-keyed");
            assertThat(server.storedObjects()).isEqualTo(before);
        }
    }

    @Test
    void aPairWhosePublicKeyIsBoundIsNotReKeyed() {
        try (var s = server.session(server.owner);
                var admin = server.session(server.admin)) {
            CreateKeyPair.Response pair = createEcPair(
                    s,
                    KmipVersion.V2_1,
                    "rekey-pair-bound-" + System.nanoTime(),
                    Instant.now().getEpochSecond());
            assertThat(admin.call(
                                    KmipVersion.V2_1,
                                    Operation.ADD_ATTRIBUTE,
                                    new AddAttribute.Request(
                                            UniqueIdentifier.of(pair.publicKeyUniqueIdentifier()),
                                            Requests.binding("vm-disk")))
                            .isSuccess())
                    .isTrue();
            long before = server.storedObjects();

            assertRefused(
                    s.call(
                            KmipVersion.V2_1,
                            Operation.RE_KEY_KEY_PAIR,
                            ReKeyKeyPair.Request.of(pair.privateKeyUniqueIdentifier())),
                    ResultReason.PERMISSION_DENIED,
                    "bound to attestation policy 'vm-disk'");
            assertThat(server.storedObjects()).isEqualTo(before);
            assertThat(names(attributes(s, pair.privateKeyUniqueIdentifier())))
                    .as("the refused re-key left the names where they were")
                    .hasSize(1);
        }
    }

    /** An administrator's Re-key Key Pair leaves the new pair with the pair's owner (it was the administrator's). */
    @Test
    void anAdministratorsReKeyLeavesTheNewPairWithTheOwner() {
        try (var s = server.session(server.owner);
                var admin = server.session(server.admin)) {
            CreateKeyPair.Response old = createEcPair(
                    s,
                    KmipVersion.V2_1,
                    "rekey-pair-admin-" + System.nanoTime(),
                    Instant.now().getEpochSecond());
            CreateKeyPair.Response fresh = reKeyed(admin, old.privateKeyUniqueIdentifier());

            for (String uid : List.of(fresh.privateKeyUniqueIdentifier(), fresh.publicKeyUniqueIdentifier())) {
                ResponseBatchItem got = s.call(KmipVersion.V2_1, Operation.GET, Get.Request.of(uid));
                assertThat(got.isSuccess()).as(got.resultMessage()).isTrue();
            }
        }
    }

    /**
     * Create Key Pair makes ECDH pairs (and EC pairs by Recommended Curve); Re-key Key Pair refused them ("renews RSA
     * and EC key pairs, not ECDH"). The new pair is ECDH again, on the old pair's curve.
     */
    @Test
    void anEcdhPairIsRenewedOnItsCurve() {
        try (var s = server.session(server.owner)) {
            CreateKeyPair.Response old = createEcdhPair(s, RecommendedCurve.P_384);

            CreateKeyPair.Response fresh = reKeyed(s, old.privateKeyUniqueIdentifier());
            for (String uid : List.of(fresh.privateKeyUniqueIdentifier(), fresh.publicKeyUniqueIdentifier())) {
                Attributes a = attributes(s, uid);
                assertThat(a.enumeration("Cryptographic Algorithm", CryptographicAlgorithm.class)
                                .flatMap(e -> e.known()))
                        .contains(CryptographicAlgorithm.ECDH);
                assertThat(a.integer("Cryptographic Length")).contains(384);
            }
            assertThat(curveBits(spki(s, fresh.publicKeyUniqueIdentifier()))).isEqualTo(384);
        }
    }

    /**
     * A template's Recommended Curve is the new pair's: the length the new private key inherited outweighed it, so a
     * P-256 pair re-keyed to P-384 was a P-256 key labelled P-384, its public key still labelled P-256.
     */
    @Test
    void aTemplatesCurveIsTheCurveTheNewPairIsMadeOn() {
        try (var s = server.session(server.owner)) {
            CreateKeyPair.Response old = createEcdhPair(s, RecommendedCurve.P_256);

            ResponseBatchItem r = reKey(
                    s,
                    old.privateKeyUniqueIdentifier(),
                    CreateKeyPair.Request.of(null, Attributes.of(curve(RecommendedCurve.P_384)), null));
            assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
            CreateKeyPair.Response fresh =
                    r.payload(CreateKeyPair.Response.class).orElseThrow();

            for (String uid : List.of(fresh.privateKeyUniqueIdentifier(), fresh.publicKeyUniqueIdentifier())) {
                Attributes a = attributes(s, uid);
                assertThat(a.integer("Cryptographic Length")).as(uid).contains(384);
                assertThat(a.enumeration("Recommended Curve", RecommendedCurve.class)
                                .flatMap(e -> e.known()))
                        .as(uid)
                        .contains(RecommendedCurve.P_384);
            }
            assertThat(curveBits(spki(s, fresh.publicKeyUniqueIdentifier()))).isEqualTo(384);
            assertThat(privateCurveBits(s, fresh.privateKeyUniqueIdentifier())).isEqualTo(384);
        }
    }

    /**
     * A template whose length is not its curve's is refused, as Create Key Pair refuses it: the length won, and the
     * key made to it was labelled with the curve.
     */
    @Test
    void aTemplatesLengthThatIsNotItsCurvesIsRefused() {
        assertReKeyOfAP256PairRefused(
                CreateKeyPair.Request.of(
                        Attributes.of(curve(RecommendedCurve.P_384)),
                        Attributes.of(AttributeFactory.integer("Cryptographic Length", 256)),
                        null),
                ResultReason.INVALID_FIELD,
                "is not the length of Recommended Curve");
    }

    /** A template asking for a quantum-safe pair is refused as Create Key Pair refuses it: an EC pair never is. */
    @Test
    void aQuantumSafeTemplateIsRefused() {
        assertReKeyOfAP256PairRefused(
                CreateKeyPair.Request.of(null, null, Attributes.of(AttributeFactory.bool("Quantum Safe", true))),
                ResultReason.GENERAL_FAILURE,
                "NOT_SAFE");
    }

    /** A re-key of a new ECDH P-256 pair with {@code templates} is refused, nothing stored. */
    private static void assertReKeyOfAP256PairRefused(
            CreateKeyPair.Request templates, ResultReason reason, String inMessage) {
        try (var s = server.session(server.owner)) {
            CreateKeyPair.Response old = createEcdhPair(s, RecommendedCurve.P_256);
            long before = server.storedObjects();
            assertRefused(reKey(s, old.privateKeyUniqueIdentifier(), templates), reason, inMessage);
            assertThat(server.storedObjects()).isEqualTo(before);
        }
    }

    /**
     * The new public key is the old public key's owner's: it took the private key's owner, so an administrator's
     * re-key of a pair whose public key another client holds gave that client's replacement away.
     */
    @Test
    void theNewPublicKeyKeepsTheOldPublicKeysOwner() {
        try (var owner = server.session(server.owner);
                var other = server.session(server.other);
                var admin = server.session(server.admin)) {
            long now = Instant.now().getEpochSecond();
            CreateKeyPair.Response mine =
                    createEcPair(owner, KmipVersion.V2_1, "rekey-pub-mine-" + System.nanoTime(), now);
            CreateKeyPair.Response theirs =
                    createEcPair(other, KmipVersion.V2_1, "rekey-pub-theirs-" + System.nanoTime(), now);
            ResponseBatchItem relinked = owner.call(
                    KmipVersion.V2_1,
                    Operation.MODIFY_ATTRIBUTE,
                    new ModifyAttribute.Request(
                            UniqueIdentifier.of(mine.privateKeyUniqueIdentifier()),
                            Attribute.of("Link", Link.of(LinkType.PUBLIC_KEY_LINK, mine.publicKeyUniqueIdentifier())),
                            Attribute.of(
                                    "Link", Link.of(LinkType.PUBLIC_KEY_LINK, theirs.publicKeyUniqueIdentifier()))));
            assertThat(relinked.isSuccess()).as(relinked.resultMessage()).isTrue();

            CreateKeyPair.Response fresh = reKeyed(admin, mine.privateKeyUniqueIdentifier());

            assertThat(link(attributes(other, theirs.publicKeyUniqueIdentifier()), LinkType.REPLACEMENT_OBJECT_LINK))
                    .isEqualTo(fresh.publicKeyUniqueIdentifier());
            ResponseBatchItem theirsGet =
                    other.call(KmipVersion.V2_1, Operation.GET, Get.Request.of(fresh.publicKeyUniqueIdentifier()));
            assertThat(theirsGet.isSuccess())
                    .as("the old public key's owner gets its replacement: " + theirsGet.resultMessage())
                    .isTrue();
            assertThat(owner.call(KmipVersion.V2_1, Operation.GET, Get.Request.of(fresh.publicKeyUniqueIdentifier()))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            ResponseBatchItem mineGet =
                    owner.call(KmipVersion.V2_1, Operation.GET, Get.Request.of(fresh.privateKeyUniqueIdentifier()));
            assertThat(mineGet.isSuccess()).as(mineGet.resultMessage()).isTrue();
        }
    }

    /** The pair {@code who} re-keys through its private key {@code privateUid}, asserted to succeed. */
    private static CreateKeyPair.Response reKeyed(EngineFixture.Session who, String privateUid) {
        ResponseBatchItem r =
                who.call(KmipVersion.V2_1, Operation.RE_KEY_KEY_PAIR, ReKeyKeyPair.Request.of(privateUid));
        assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
        return r.payload(CreateKeyPair.Response.class).orElseThrow();
    }

    private static ResponseBatchItem reKey(
            EngineFixture.Session who, String privateUid, CreateKeyPair.Request templates) {
        return who.call(
                KmipVersion.V2_1,
                Operation.RE_KEY_KEY_PAIR,
                new ReKeyKeyPair.Request(UniqueIdentifier.of(privateUid), null, templates));
    }

    /** An ECDH pair made by its Recommended Curve alone, which both keys carry. */
    private static CreateKeyPair.Response createEcdhPair(EngineFixture.Session s, RecommendedCurve curve) {
        ResponseBatchItem created = s.call(
                KmipVersion.V2_1,
                Operation.CREATE_KEY_PAIR,
                CreateKeyPair.Request.of(
                        Attributes.of(
                                AttributeFactory.enumeration(
                                        "Cryptographic Algorithm", CryptographicAlgorithm.ECDH.value()),
                                curve(curve)),
                        Attributes.EMPTY,
                        Attributes.EMPTY));
        assertThat(created.isSuccess()).as(created.resultMessage()).isTrue();
        return created.payload(CreateKeyPair.Response.class).orElseThrow();
    }

    private static Attribute curve(RecommendedCurve curve) {
        return AttributeFactory.enumeration("Recommended Curve", curve.value());
    }

    /** An Active EC P-256 pair named label-private/label-public, activated at now - 100, deactivating at now + 1000. */
    private static CreateKeyPair.Response createEcPair(EngineFixture.Session s, KmipVersion v, String label, long now) {
        Attributes common = Attributes.of(
                AttributeFactory.enumeration("Cryptographic Algorithm", CryptographicAlgorithm.EC.value()),
                AttributeFactory.integer("Cryptographic Length", 256),
                activeSince(Instant.ofEpochSecond(now - 100)),
                AttributeFactory.date("Deactivation Date", now + 1000));
        ResponseBatchItem r = s.call(
                v,
                Operation.CREATE_KEY_PAIR,
                CreateKeyPair.Request.of(
                        common, Attributes.of(name(label + "-private")), Attributes.of(name(label + "-public"))));
        assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
        return r.payload(CreateKeyPair.Response.class).orElseThrow();
    }

    private static Attributes attributes(EngineFixture.Session s, String uid) {
        return s.call(
                        KmipVersion.V2_1,
                        Operation.GET_ATTRIBUTES,
                        new GetAttributes.Request(UniqueIdentifier.of(uid), List.of()))
                .payload(GetAttributes.Response.class)
                .orElseThrow()
                .attributes();
    }

    private static List<String> names(Attributes a) {
        return a.all("Name").stream()
                .map(Attribute::value)
                .map(v -> ((Name) v).value())
                .toList();
    }

    private static String link(Attributes a, LinkType type) {
        return a.all("Link").stream()
                .map(Attribute::value)
                .map(Link.class::cast)
                .filter(l -> l.type().is(type))
                .map(l -> l.linkedObject().toString())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + a));
    }

    /** The field size of the EC public key in {@code spki}: its curve, P-256 or P-384. */
    private static int curveBits(byte[] spki) {
        try {
            return fieldSize((ECKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError("not an EC public key", e);
        }
    }

    /** The field size of EC private key {@code uid}: the curve it was made on, whatever its attributes say. */
    private static int privateCurveBits(EngineFixture.Session s, String uid) {
        byte[] pkcs8 = SplitKeyTest.raw(((ManagedObject.PrivateKey) SplitKeyTest.get(s, uid)).keyBlock());
        try {
            return fieldSize((ECKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError("not an EC private key", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static int fieldSize(ECKey key) {
        return key.getParams().getCurve().getField().getFieldSize();
    }

    private static byte[] spki(EngineFixture.Session s, String uid) {
        ManagedObject.PublicKey k = (ManagedObject.PublicKey) SplitKeyTest.get(s, uid);
        return SplitKeyTest.raw(k.keyBlock());
    }
}
