/**
 * Messages the API server's binary registers in protobuf-go's global registry (protoregistry
 * GlobalTypes, where anypb.UnmarshalNew finds an Any's type) but cel-go's type registry does not
 * describe (pb.go DefaultDb: only the well-known types). An Any of one of them unpacks, and
 * NativeToValue then fails with "unknown type: 'X'" (common/types/provider.go), where a name
 * linked nowhere fails the unpacking itself.
 *
 * Listed: the messages of the packages cel-go v0.23.2 itself links (its non-test imports, read from
 * the goTypes tables of its vendored .pb.go files): cel.dev/expr and genproto's
 * google.api.expr.v1alpha1 (cel/io.go), google.rpc.Status (imported by both), descriptorpb and
 * gofeaturespb (protodesc). The real binary links more (OpenTelemetry's OTLP, gRPC's binary log,
 * ...): their Any values are still refused as unlinked.
 */

/** By package, the messages' names within it (nested ones dotted). */
const BY_PACKAGE: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['cel.expr', [
    'CheckedExpr', 'Constant', 'Decl', 'Decl.FunctionDecl', 'Decl.FunctionDecl.Overload', 'Decl.IdentDecl', 'EnumValue',
    'ErrorSet', 'EvalState', 'EvalState.Result', 'Explain', 'Explain.ExprStep', 'Expr', 'Expr.Call', 'Expr.Comprehension',
    'Expr.CreateList', 'Expr.CreateStruct', 'Expr.CreateStruct.Entry', 'Expr.Ident', 'Expr.Select', 'ExprValue', 'ListValue',
    'MapValue', 'MapValue.Entry', 'ParsedExpr', 'Reference', 'SourceInfo', 'SourceInfo.Extension', 'SourceInfo.Extension.Version',
    'Type', 'Type.AbstractType', 'Type.FunctionType', 'Type.ListType', 'Type.MapType', 'UnknownSet', 'Value',
  ]],
  ['google.api.expr.v1alpha1', [
    'CheckedExpr', 'Constant', 'Decl', 'Decl.FunctionDecl', 'Decl.FunctionDecl.Overload', 'Decl.IdentDecl', 'EnumValue',
    'ErrorSet', 'EvalState', 'EvalState.Result', 'Explain', 'Explain.ExprStep', 'Expr', 'Expr.Call', 'Expr.Comprehension',
    'Expr.CreateList', 'Expr.CreateStruct', 'Expr.CreateStruct.Entry', 'Expr.Ident', 'Expr.Select', 'ExprValue', 'ListValue',
    'MapValue', 'MapValue.Entry', 'ParsedExpr', 'Reference', 'SourceInfo', 'SourceInfo.Extension', 'SourceInfo.Extension.Version',
    'SourcePosition', 'Type', 'Type.AbstractType', 'Type.FunctionType', 'Type.ListType', 'Type.MapType', 'UnknownSet', 'Value',
  ]],
  ['google.protobuf', [
    'DescriptorProto', 'DescriptorProto.ExtensionRange', 'DescriptorProto.ReservedRange', 'EnumDescriptorProto',
    'EnumDescriptorProto.EnumReservedRange', 'EnumOptions', 'EnumValueDescriptorProto', 'EnumValueOptions',
    'ExtensionRangeOptions', 'ExtensionRangeOptions.Declaration', 'FeatureSet', 'FeatureSetDefaults',
    'FeatureSetDefaults.FeatureSetEditionDefault', 'FieldDescriptorProto', 'FieldOptions', 'FieldOptions.EditionDefault',
    'FieldOptions.FeatureSupport', 'FileDescriptorProto', 'FileDescriptorSet', 'FileOptions', 'GeneratedCodeInfo',
    'GeneratedCodeInfo.Annotation', 'MessageOptions', 'MethodDescriptorProto', 'MethodOptions', 'OneofDescriptorProto',
    'OneofOptions', 'ServiceDescriptorProto', 'ServiceOptions', 'SourceCodeInfo', 'SourceCodeInfo.Location',
    'UninterpretedOption', 'UninterpretedOption.NamePart',
  ]],
  ['google.rpc', [
    'Status',
  ]],
  ['pb', [
    'GoFeatures',
  ]],
];

export const LINKED_MESSAGES: ReadonlySet<string> = new Set(BY_PACKAGE.flatMap(([pkg, messages]) => messages.map((name) => `${pkg}.${name}`)));
