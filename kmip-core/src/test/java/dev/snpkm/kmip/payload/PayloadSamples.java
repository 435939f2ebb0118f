package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.attribute.ApplicationSpecificInformation;
import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.attribute.Digest;
import dev.snpkm.kmip.attribute.Link;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.attribute.RevocationReason;
import dev.snpkm.kmip.attribute.UsageLimits;
import dev.snpkm.kmip.enums.AdjustmentType;
import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CertificateType;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EncodingOption;
import dev.snpkm.kmip.enums.EndpointRole;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.InteropFunction;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.KeyWrapType;
import dev.snpkm.kmip.enums.LinkType;
import dev.snpkm.kmip.enums.ObjectGroupMember;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.PaddingMethod;
import dev.snpkm.kmip.enums.QueryFunction;
import dev.snpkm.kmip.enums.RevocationReasonCode;
import dev.snpkm.kmip.enums.SecretDataType;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.enums.UsageLimitsUnit;
import dev.snpkm.kmip.enums.ValidityIndicator;
import dev.snpkm.kmip.enums.WrappingMethod;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyInformation;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.KeyWrappingData;
import dev.snpkm.kmip.object.KeyWrappingSpecification;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.ArrayList;
import java.util.List;

/** One request and one response payload per typed operation, valid in the given version. */
final class PayloadSamples {
    record Sample(String name, Operation operation, RequestPayload request, ResponsePayload response) {
        @Override
        public String toString() {
            return name;
        }
    }

    private PayloadSamples() {}

    static Attributes attributes(KmipVersion v) {
        List<Attribute> a = new ArrayList<>(List.of(
                Attribute.of(AttributeNames.NAME, Name.text("disk-key-1")),
                Attribute.of(
                        AttributeNames.CRYPTOGRAPHIC_ALGORITHM,
                        Ttlv.enumeration(0, CryptographicAlgorithm.AES.value())),
                Attribute.of(AttributeNames.CRYPTOGRAPHIC_LENGTH, Ttlv.integer(0, 256)),
                Attribute.of(AttributeNames.CRYPTOGRAPHIC_USAGE_MASK, Ttlv.integer(0, 0x0C)),
                Attribute.of(
                        AttributeNames.CRYPTOGRAPHIC_PARAMETERS,
                        CryptographicParameters.builder()
                                .paddingMethod(PaddingMethod.OAEP)
                                .blockCipherMode(BlockCipherMode.NIST_KEY_WRAP)
                                .hashingAlgorithm(HashingAlgorithm.SHA_256)
                                .set(Ttlv.integer(Tag.IV_LENGTH, 96))
                                .build()),
                Attribute.of(AttributeNames.LINK, Link.of(LinkType.PUBLIC_KEY_LINK, "pub-1")),
                Attribute.of(
                        AttributeNames.USAGE_LIMITS, new UsageLimits(100L, 10L, EnumCode.of(UsageLimitsUnit.OBJECT))),
                Attribute.of(
                        AttributeNames.APPLICATION_SPECIFIC_INFORMATION,
                        new ApplicationSpecificInformation("LIBRARY-LTO", "ABCDEF")),
                Attribute.of(AttributeNames.ACTIVATION_DATE, Ttlv.dateTime(0, 1_700_000_000L)),
                Attribute.of(AttributeNames.OBJECT_GROUP, Ttlv.text(0, "vm-disks")),
                Attribute.of(AttributeNames.X_ATTESTATION_POLICY, Ttlv.text(0, "snp-prod"))));
        if (v.isTwoOrLater()) {
            a.add(Attribute.of(AttributeNames.SENSITIVE, Ttlv.bool(0, true)));
        } else {
            a.add(new Attribute(AttributeNames.NAME, 1, Name.text("alias")));
        }
        return new Attributes(a);
    }

    static ManagedObject symmetricKey(KmipVersion v) {
        return new ManagedObject.SymmetricKey(new KeyBlock(
                EnumCode.of(KeyFormatType.RAW),
                null,
                new KeyValue.Plain(
                        KeyMaterial.Raw.of(new byte[32]),
                        Attributes.of(Attribute.of(AttributeNames.STATE, Ttlv.enumeration(0, State.ACTIVE.value())))),
                EnumCode.of(CryptographicAlgorithm.AES),
                256,
                null));
    }

    static ManagedObject wrappedKey() {
        KeyInformation wrapping = new KeyInformation(
                UniqueIdentifier.of("vm-pub"),
                CryptographicParameters.builder()
                        .paddingMethod(PaddingMethod.OAEP)
                        .hashingAlgorithm(HashingAlgorithm.SHA_256)
                        .build());
        return new ManagedObject.SymmetricKey(new KeyBlock(
                EnumCode.of(KeyFormatType.RAW),
                null,
                new KeyValue.Wrapped(Secret.of(new byte[256])),
                EnumCode.of(CryptographicAlgorithm.AES),
                256,
                new KeyWrappingData(
                        EnumCode.of(WrappingMethod.ENCRYPT),
                        wrapping,
                        null,
                        null,
                        Bytes.ofHex("00"),
                        EnumCode.of(EncodingOption.NO_ENCODING))));
    }

    static List<Sample> all(KmipVersion v) {
        boolean two = v.isTwoOrLater();
        Attributes attrs = attributes(v);
        Attributes implicit = two ? null : Attributes.of(Attribute.of("Initial Date", Ttlv.dateTime(0, 5L)));
        List<Integer> masks = two ? List.of(0x1, 0x3) : null;
        Attribute one = Attribute.of(AttributeNames.OBJECT_GROUP, Ttlv.text(0, "g1"));
        List<Sample> s = new ArrayList<>(List.of(
                new Sample(
                        "Discover Versions",
                        Operation.DISCOVER_VERSIONS,
                        new DiscoverVersions.Request(List.of(KmipVersion.V2_1, KmipVersion.V1_4)),
                        new DiscoverVersions.Response(List.of(KmipVersion.V1_4))),
                new Sample(
                        "Query",
                        Operation.QUERY,
                        new Query.Request(List.of(
                                EnumCode.of(QueryFunction.QUERY_OPERATIONS),
                                EnumCode.of(QueryFunction.QUERY_ATTESTATION_TYPES))),
                        new Query.Response(
                                List.of(EnumCode.of(Operation.GET), EnumCode.of(Operation.LOCATE)),
                                List.of(EnumCode.of(ObjectType.SYMMETRIC_KEY)),
                                "snpkm",
                                Ttlv.structure(Tag.SERVER_INFORMATION, Ttlv.text(0x540010, "v1")),
                                List.of("ns"),
                                List.of(Ttlv.structure(Tag.EXTENSION_INFORMATION, Ttlv.text(0x4200A5, "ext"))),
                                List.of(EnumCode.of(AttestationType.SEV_SNP_REPORT)),
                                List.of())),
                new Sample(
                        "Create",
                        Operation.CREATE,
                        new Create.Request(EnumCode.of(ObjectType.SYMMETRIC_KEY), attrs, masks),
                        new Create.Response(EnumCode.of(ObjectType.SYMMETRIC_KEY), "uid-1", implicit)),
                new Sample(
                        "Create Key Pair",
                        Operation.CREATE_KEY_PAIR,
                        new CreateKeyPair.Request(attrs, Attributes.of(one), Attributes.EMPTY, masks, masks, null),
                        new CreateKeyPair.Response("priv", "pub", implicit, implicit)),
                new Sample(
                        "Register symmetric key",
                        Operation.REGISTER,
                        new Register.Request(EnumCode.of(ObjectType.SYMMETRIC_KEY), attrs, symmetricKey(v), masks),
                        new Register.Response("uid-2", implicit)),
                new Sample(
                        "Register secret data",
                        Operation.REGISTER,
                        Register.Request.of(
                                new ManagedObject.SecretData(
                                        EnumCode.of(SecretDataType.PASSWORD),
                                        KeyBlock.raw(new byte[] {1, 2}, CryptographicAlgorithm.AES, 16)),
                                Attributes.EMPTY),
                        new Register.Response("uid-3", null)),
                new Sample(
                        "Register opaque object",
                        Operation.REGISTER,
                        Register.Request.of(
                                new ManagedObject.OpaqueObject(0x80000001, Secret.of(new byte[] {7})),
                                Attributes.EMPTY),
                        new Register.Response("uid-4", null)),
                new Sample(
                        "Register public key, transparent",
                        Operation.REGISTER,
                        Register.Request.of(
                                new ManagedObject.PublicKey(new KeyBlock(
                                        EnumCode.of(KeyFormatType.TRANSPARENT_RSA_PUBLIC_KEY),
                                        null,
                                        KeyValue.Plain.of(new KeyMaterial.Transparent(Ttlv.structure(
                                                Tag.KEY_MATERIAL,
                                                Ttlv.bigInteger(0x420052, java.math.BigInteger.valueOf(65537))))),
                                        EnumCode.of(CryptographicAlgorithm.RSA),
                                        2048,
                                        null)),
                                Attributes.EMPTY),
                        new Register.Response("uid-5", null)),
                new Sample(
                        "Register certificate",
                        Operation.REGISTER,
                        Register.Request.of(
                                new ManagedObject.Certificate(EnumCode.of(CertificateType.X_509), Bytes.ofHex("3082")),
                                Attributes.EMPTY),
                        new Register.Response("uid-6", null)),
                new Sample(
                        "Get with wrapping through the ID Placeholder",
                        Operation.GET,
                        new Get.Request(
                                two ? UniqueIdentifier.placeholder() : null,
                                EnumCode.of(KeyFormatType.RAW),
                                v.isAtLeast(KmipVersion.V1_4) ? EnumCode.of(KeyWrapType.NOT_WRAPPED) : null,
                                null,
                                new KeyWrappingSpecification(
                                        EnumCode.of(WrappingMethod.ENCRYPT),
                                        new KeyInformation(
                                                two ? new UniqueIdentifier.Index(-1) : UniqueIdentifier.of("vm-pub"),
                                                null),
                                        null,
                                        List.of("Cryptographic Usage Mask"),
                                        null)),
                        Get.Response.of("uid-1", wrappedKey())),
                new Sample(
                        "Get private key",
                        Operation.GET,
                        Get.Request.of("k"),
                        Get.Response.of(
                                "k",
                                new ManagedObject.PrivateKey(
                                        KeyBlock.raw(new byte[] {3}, CryptographicAlgorithm.RSA, 2048)))),
                new Sample(
                        "Get Attributes",
                        Operation.GET_ATTRIBUTES,
                        new GetAttributes.Request(
                                UniqueIdentifier.of("k"),
                                List.of("State", "Name", AttributeNames.X_ATTESTATION_POLICY)),
                        new GetAttributes.Response("k", attrs)),
                new Sample(
                        "Get Attribute List",
                        Operation.GET_ATTRIBUTE_LIST,
                        new GetAttributeList.Request(null),
                        new GetAttributeList.Response("k", List.of("State", "Digest", "x-attestation-policy"))),
                new Sample(
                        "Add Attribute",
                        Operation.ADD_ATTRIBUTE,
                        new AddAttribute.Request(UniqueIdentifier.of("k"), one),
                        new AddAttribute.Response("k", two ? null : new Attribute(one.name(), 0, one.value()))),
                new Sample(
                        "Modify Attribute",
                        Operation.MODIFY_ATTRIBUTE,
                        new ModifyAttribute.Request(
                                null, two ? one : null, Attribute.of(one.name(), Ttlv.text(0, "g2"))),
                        new ModifyAttribute.Response("k", two ? null : one)),
                new Sample(
                        "Delete Attribute",
                        Operation.DELETE_ATTRIBUTE,
                        new DeleteAttribute.Request(
                                UniqueIdentifier.of("k"),
                                two ? one : null,
                                two ? null : "Object Group",
                                two ? null : 0),
                        new DeleteAttribute.Response("k", two ? null : one)),
                new Sample(
                        "Locate",
                        Operation.LOCATE,
                        new Locate.Request(
                                10,
                                v.isAtLeast(KmipVersion.V1_3) ? 2 : null,
                                1,
                                EnumCode.of(ObjectGroupMember.GROUP_MEMBER_FRESH),
                                attrs),
                        new Locate.Response(v.isAtLeast(KmipVersion.V1_3) ? 2 : null, List.of("a", "b"))),
                new Sample(
                        "Activate",
                        Operation.ACTIVATE,
                        new Activate.Request(UniqueIdentifier.of("k")),
                        new Activate.Response("k")),
                new Sample(
                        "Revoke",
                        Operation.REVOKE,
                        new Revoke.Request(
                                null,
                                new RevocationReason(EnumCode.of(RevocationReasonCode.KEY_COMPROMISE), "leaked"),
                                1_600_000_000L),
                        new Revoke.Response("k")),
                new Sample("Destroy", Operation.DESTROY, new Destroy.Request(null), new Destroy.Response("k")),
                new Sample("Archive", Operation.ARCHIVE, new Archive.Request(null), new Archive.Response("k")),
                new Sample(
                        "Recover",
                        Operation.RECOVER,
                        new Recover.Request(UniqueIdentifier.of("k")),
                        new Recover.Response("k")),
                new Sample(
                        "Get Usage Allocation",
                        Operation.GET_USAGE_ALLOCATION,
                        GetUsageAllocation.Request.of("k", 7),
                        new GetUsageAllocation.Response("k")),
                new Sample(
                        "Validate",
                        Operation.VALIDATE,
                        new Validate.Request(
                                List.of(new ManagedObject.Certificate(
                                        EnumCode.of(CertificateType.X_509), Bytes.ofHex("3003020101"))),
                                List.of(UniqueIdentifier.of("ca")),
                                1_700_000_000L),
                        Validate.Response.of(ValidityIndicator.UNKNOWN)),
                new Sample(
                        "Certify",
                        Operation.CERTIFY,
                        new Certify.Request(
                                UniqueIdentifier.of("k"),
                                Certify.PKCS10,
                                Bytes.ofHex("3003020101"),
                                Attributes.EMPTY,
                                null),
                        new Certify.Response("c")),
                new Sample(
                        "Re-key",
                        Operation.RE_KEY,
                        new ReKey.Request(UniqueIdentifier.of("k"), 3600L, attrs, masks),
                        new ReKey.Response("k2", implicit)),
                new Sample(
                        "Check",
                        Operation.CHECK,
                        new Check.Request(null, 5L, 0x4, 60L),
                        new Check.Response("k", 5L, 0x4, 60L)),
                new Sample(
                        "Obtain Lease",
                        Operation.OBTAIN_LEASE,
                        new ObtainLease.Request(UniqueIdentifier.of("k")),
                        new ObtainLease.Response("k", 3600L, 1_700_000_000L))));
        if (!two) {
            Attributes held =
                    new Attributes(List.of(Attribute.of(AttributeNames.CRYPTOGRAPHIC_LENGTH, Ttlv.integer(0, 128))));
            s.add(new Sample(
                    "Register Template",
                    Operation.REGISTER,
                    new Register.Request(
                            EnumCode.of(ObjectType.TEMPLATE),
                            new Attributes(List.of(), List.of(Name.text("aes-template"))),
                            new ManagedObject.Template(held),
                            null),
                    new Register.Response("t", null)));
        }
        if (v.isAtLeast(KmipVersion.V1_4)) {
            s.add(new Sample(
                    "Export",
                    Operation.EXPORT,
                    new Export.Request(new Get.Request(
                            UniqueIdentifier.of("k"), EnumCode.of(KeyFormatType.RAW), null, null, null)),
                    new Export.Response(EnumCode.of(ObjectType.SYMMETRIC_KEY), "k", attrs, symmetricKey(v))));
            s.add(new Sample(
                    "Import",
                    Operation.IMPORT,
                    new Import.Request(
                            "k",
                            EnumCode.of(ObjectType.SYMMETRIC_KEY),
                            true,
                            EnumCode.of(KeyWrapType.NOT_WRAPPED),
                            attrs,
                            symmetricKey(v)),
                    new Import.Response("k")));
        }
        if (two) {
            s.add(new Sample(
                    "Adjust Attribute",
                    Operation.ADJUST_ATTRIBUTE,
                    new AdjustAttribute.Request(
                            UniqueIdentifier.of("k"),
                            AttributeNames.ACTIVATION_DATE,
                            EnumCode.of(AdjustmentType.INCREMENT),
                            Ttlv.interval(Tag.ADJUSTMENT_VALUE, 3600)),
                    new AdjustAttribute.Response("k")));
            s.add(new Sample(
                    "Set Endpoint Role",
                    Operation.SET_ENDPOINT_ROLE,
                    new SetEndpointRole.Request(EnumCode.of(EndpointRole.SERVER)),
                    new SetEndpointRole.Response(EnumCode.of(EndpointRole.SERVER))));
            s.add(new Sample("Log", Operation.LOG, new Log.Request("Registered a symmetric key."), new Log.Response()));
            s.add(new Sample(
                    "Interop",
                    Operation.INTEROP,
                    new Interop.Request(EnumCode.of(InteropFunction.BEGIN), "BL-M-1-21"),
                    new Interop.Response()));
            s.add(new Sample(
                    "Set Attribute",
                    Operation.SET_ATTRIBUTE,
                    new SetAttribute.Request(UniqueIdentifier.of("k"), one),
                    new SetAttribute.Response("k")));
            s.add(new Sample(
                    "Digest attribute",
                    Operation.GET_ATTRIBUTES,
                    new GetAttributes.Request(null, List.of()),
                    new GetAttributes.Response(
                            "k",
                            Attributes.of(
                                    Attribute.of(
                                            AttributeNames.DIGEST,
                                            new Digest(
                                                    EnumCode.of(HashingAlgorithm.SHA_256),
                                                    Bytes.ofHex("AA"),
                                                    EnumCode.of(KeyFormatType.RAW))),
                                    Attribute.of(
                                            AttributeNames.REVOCATION_REASON,
                                            RevocationReason.of(RevocationReasonCode.SUPERSEDED))))));
        }
        return s;
    }
}
