/**
 * Gateway API v1.5.1's conformance manifests (kubernetes-sigs/gateway-api, tag v1.5.1, Apache-2.0), as the
 * status tests of tests/engine/gateway-api-conformance-status.test.ts apply them: conformance/tests/<name>.yaml
 * and conformance/base/manifests.yaml verbatim (less comments). "{GATEWAY_CLASS_NAME}" is the suite's
 * --gateway-class flag, filled in by conformanceManifests.
 */
import {istiod} from './gateway-api';
import {CA_CERT, RSA_CERT, RSA_KEY_PKCS8, base64} from './key-pairs';

/** conformance/base/manifests.yaml: Namespaces, Gateways, Services and the Deployments behind them. */
export const BASE_MANIFESTS = `apiVersion: v1
kind: Namespace
metadata:
  name: gateway-conformance-infra
  labels:
    gateway-conformance: infra
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: Gateway
metadata:
  name: same-namespace
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: Gateway
metadata:
  name: same-namespace-with-https-listener
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: https
    port: 443
    protocol: HTTPS
    allowedRoutes:
      namespaces:
        from: Same
    tls:
      certificateRefs:
      - group: ""
        kind: Secret
        name: tls-validity-checks-certificate
        namespace: gateway-conformance-infra
  - name: https-with-hostname
    port: 443
    hostname: second-example.org
    protocol: HTTPS
    allowedRoutes:
      namespaces:
        from: Same
    tls:
      certificateRefs:
      - group: ""
        kind: Secret
        name: tls-validity-checks-certificate
        namespace: gateway-conformance-infra
  - name: https-with-wildcard-hostname
    port: 443
    hostname: "*.wildcard.org"
    protocol: HTTPS
    allowedRoutes:
      namespaces:
        from: Same
    tls:
      certificateRefs:
      - group: ""
        kind: Secret
        name: tls-validity-checks-certificate
        namespace: gateway-conformance-infra
  - name: https-with-hostname-matching-wildcard
    port: 443
    hostname: "fourth-example.wildcard.org"
    protocol: HTTPS
    allowedRoutes:
      namespaces:
        from: Same
    tls:
      certificateRefs:
      - group: ""
        kind: Secret
        name: tls-validity-checks-certificate
        namespace: gateway-conformance-infra
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: Gateway
metadata:
  name: all-namespaces
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: All
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: Gateway
metadata:
  name: backend-namespaces
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Selector
        selector:
          matchLabels:
            gateway-conformance: backend
---
apiVersion: v1
kind: Service
metadata:
  name: infra-backend-v1
  namespace: gateway-conformance-infra
spec:
  selector:
    app: infra-backend-v1
  ports:
  - name: first-port
    protocol: TCP
    port: 8080
    targetPort: 3000
  - name: second-port
    protocol: TCP
    appProtocol: kubernetes.io/h2c
    port: 8081
    targetPort: 3001
  - name: third-port
    protocol: TCP
    appProtocol: kubernetes.io/ws
    port: 8082
    targetPort: 3000
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: infra-backend-v1
  namespace: gateway-conformance-infra
  labels:
    app: infra-backend-v1
spec:
  replicas: 2
  selector:
    matchLabels:
      app: infra-backend-v1
  template:
    metadata:
      labels:
        app: infra-backend-v1
    spec:
      containers:
      - name: infra-backend-v1
        # Originally from https://github.com/kubernetes-sigs/ingress-controller-conformance/tree/master/images/echoserver
        image: gcr.io/k8s-staging-gateway-api/echo-basic:v20260204-monthly-2026.01-60-g28382302
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        resources:
          requests:
            cpu: 10m
---
apiVersion: v1
kind: Service
metadata:
  name: infra-backend-v2
  namespace: gateway-conformance-infra
spec:
  selector:
    app: infra-backend-v2
  ports:
  - protocol: TCP
    port: 8080
    targetPort: 3000
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: infra-backend-v2
  namespace: gateway-conformance-infra
  labels:
    app: infra-backend-v2
spec:
  replicas: 2
  selector:
    matchLabels:
      app: infra-backend-v2
  template:
    metadata:
      labels:
        app: infra-backend-v2
    spec:
      containers:
      - name: infra-backend-v2
        image: gcr.io/k8s-staging-gateway-api/echo-basic:v20260204-monthly-2026.01-60-g28382302
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        resources:
          requests:
            cpu: 10m
---
apiVersion: v1
kind: Service
metadata:
  name: infra-backend-v3
  namespace: gateway-conformance-infra
spec:
  selector:
    app: infra-backend-v3
  ports:
  - protocol: TCP
    port: 8080
    targetPort: 3000
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: infra-backend-v3
  namespace: gateway-conformance-infra
  labels:
    app: infra-backend-v3
spec:
  replicas: 2
  selector:
    matchLabels:
      app: infra-backend-v3
  template:
    metadata:
      labels:
        app: infra-backend-v3
    spec:
      containers:
      - name: infra-backend-v3
        image: gcr.io/k8s-staging-gateway-api/echo-basic:v20260204-monthly-2026.01-60-g28382302
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        resources:
          requests:
            cpu: 10m
---
apiVersion: v1
kind: Service
metadata:
  name: tls-backend
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tls-backend
  ports:
  - protocol: TCP
    port: 443
    targetPort: 8443
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: tls-backend
  namespace: gateway-conformance-infra
  labels:
    app: tls-backend
spec:
  replicas: 1
  selector:
    matchLabels:
      app: tls-backend
  template:
    metadata:
      labels:
        app: tls-backend
    spec:
      containers:
      - name: tls-backend
        image: gcr.io/k8s-staging-gateway-api/echo-basic:v20260204-monthly-2026.01-60-g28382302
        volumeMounts:
        - name: secret-volume
          mountPath: /etc/secret-volume
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        - name: TLS_SERVER_CERT
          value: /etc/secret-volume/crt
        - name: TLS_SERVER_PRIVKEY
          value: /etc/secret-volume/key
        resources:
          requests:
            cpu: 10m
      volumes:
      - name: secret-volume
        secret:
          secretName: tls-checks-certificate
          items:
          - key: tls.crt
            path: crt
          - key: tls.key
            path: key
---
apiVersion: v1
kind: Service
metadata:
  name: tls-backend-2
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tls-backend-2
  ports:
  - protocol: TCP
    port: 443
    targetPort: 8443
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: tls-backend-2
  namespace: gateway-conformance-infra
  labels:
    app: tls-backend-2
spec:
  replicas: 1
  selector:
    matchLabels:
      app: tls-backend-2
  template:
    metadata:
      labels:
        app: tls-backend-2
    spec:
      containers:
      - name: tls-backend-2
        image: gcr.io/k8s-staging-gateway-api/echo-basic:v20260204-monthly-2026.01-60-g28382302
        volumeMounts:
        - name: secret-volume
          mountPath: /etc/secret-volume
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        - name: TLS_SERVER_CERT
          value: /etc/secret-volume/crt
        - name: TLS_SERVER_PRIVKEY
          value: /etc/secret-volume/key
        resources:
          requests:
            cpu: 10m
      volumes:
      - name: secret-volume
        secret:
          secretName: tls-checks-certificate
          items:
          - key: tls.crt
            path: crt
          - key: tls.key
            path: key
---
apiVersion: v1
kind: Namespace
metadata:
  name: gateway-conformance-app-backend
  labels:
    gateway-conformance: backend
---
apiVersion: v1
kind: Service
metadata:
  name: tls-backend
  namespace: gateway-conformance-app-backend
spec:
  selector:
    app: tls-backend
  ports:
  - protocol: TCP
    port: 443
    targetPort: 8443
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: tls-backend
  namespace: gateway-conformance-app-backend
  labels:
    app: tls-backend
spec:
  replicas: 1
  selector:
    matchLabels:
      app: tls-backend
  template:
    metadata:
      labels:
        app: tls-backend
    spec:
      containers:
      - name: tls-backend
        image: gcr.io/k8s-staging-gateway-api/echo-basic:v20260204-monthly-2026.01-60-g28382302
        volumeMounts:
        - name: secret-volume
          mountPath: /etc/secret-volume
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        - name: TLS_SERVER_CERT
          value: /etc/secret-volume/crt
        - name: TLS_SERVER_PRIVKEY
          value: /etc/secret-volume/key
        resources:
          requests:
            cpu: 10m
      volumes:
      - name: secret-volume
        secret:
          secretName: tls-passthrough-checks-certificate
          items:
          - key: tls.crt
            path: crt
          - key: tls.key
            path: key
---
apiVersion: v1
kind: Service
metadata:
  name: app-backend-v1
  namespace: gateway-conformance-app-backend
spec:
  selector:
    app: app-backend-v1
  ports:
  - protocol: TCP
    port: 8080
    targetPort: 3000
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-backend-v1
  namespace: gateway-conformance-app-backend
  labels:
    app: app-backend-v1
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app-backend-v1
  template:
    metadata:
      labels:
        app: app-backend-v1
    spec:
      containers:
      - name: app-backend-v1
        image: gcr.io/k8s-staging-gateway-api/echo-basic:v20260204-monthly-2026.01-60-g28382302
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        resources:
          requests:
            cpu: 10m
---
apiVersion: v1
kind: Service
metadata:
  name: app-backend-v2
  namespace: gateway-conformance-app-backend
spec:
  selector:
    app: app-backend-v2
  ports:
  - protocol: TCP
    port: 8080
    targetPort: 3000
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-backend-v2
  namespace: gateway-conformance-app-backend
  labels:
    app: app-backend-v2
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app-backend-v2
  template:
    metadata:
      labels:
        app: app-backend-v2
    spec:
      containers:
      - name: app-backend-v2
        image: gcr.io/k8s-staging-gateway-api/echo-basic:v20260204-monthly-2026.01-60-g28382302
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        resources:
          requests:
            cpu: 10m
---
apiVersion: v1
kind: Namespace
metadata:
  name: gateway-conformance-web-backend
  labels:
    gateway-conformance: backend
---
apiVersion: v1
kind: Service
metadata:
  name: web-backend
  namespace: gateway-conformance-web-backend
spec:
  selector:
    app: web-backend
  ports:
  - protocol: TCP
    port: 8080
    targetPort: 3000
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-backend
  namespace: gateway-conformance-web-backend
  labels:
    app: web-backend
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web-backend
  template:
    metadata:
      labels:
        app: web-backend
    spec:
      containers:
      - name: web-backend
        image: gcr.io/k8s-staging-gateway-api/echo-basic:v20260204-monthly-2026.01-60-g28382302
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        resources:
          requests:
            cpu: 10m
---
apiVersion: v1
kind: Service
metadata:
  name: grpc-infra-backend-v1
  namespace: gateway-conformance-infra
spec:
  selector:
    app: grpc-infra-backend-v1
  ports:
  - protocol: TCP
    port: 8080
    targetPort: 3000
    appProtocol: kubernetes.io/h2c
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: grpc-infra-backend-v1
  namespace: gateway-conformance-infra
  labels:
    app: grpc-infra-backend-v1
spec:
  replicas: 2
  selector:
    matchLabels:
      app: grpc-infra-backend-v1
  template:
    metadata:
      labels:
        app: grpc-infra-backend-v1
    spec:
      containers:
      - name: grpc-infra-backend-v1
        image: gcr.io/k8s-staging-gateway-api/echo-basic:v20260204-monthly-2026.01-60-g28382302
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        - name: GRPC_ECHO_SERVER
          value: "1"
        resources:
          requests:
            cpu: 10m
---
apiVersion: v1
kind: Service
metadata:
  name: grpc-infra-backend-v2
  namespace: gateway-conformance-infra
spec:
  selector:
    app: grpc-infra-backend-v2
  ports:
  - protocol: TCP
    port: 8080
    targetPort: 3000
    appProtocol: kubernetes.io/h2c
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: grpc-infra-backend-v2
  namespace: gateway-conformance-infra
  labels:
    app: grpc-infra-backend-v2
spec:
  replicas: 2
  selector:
    matchLabels:
      app: grpc-infra-backend-v2
  template:
    metadata:
      labels:
        app: grpc-infra-backend-v2
    spec:
      containers:
      - name: grpc-infra-backend-v2
        image: gcr.io/k8s-staging-gateway-api/echo-basic:v20260204-monthly-2026.01-60-g28382302
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        - name: GRPC_ECHO_SERVER
          value: "1"
        resources:
          requests:
            cpu: 10m
---
apiVersion: v1
kind: Service
metadata:
  name: grpc-infra-backend-v3
  namespace: gateway-conformance-infra
spec:
  selector:
    app: grpc-infra-backend-v3
  ports:
  - protocol: TCP
    port: 8080
    targetPort: 3000
    appProtocol: kubernetes.io/h2c
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: grpc-infra-backend-v3
  namespace: gateway-conformance-infra
  labels:
    app: grpc-infra-backend-v3
spec:
  replicas: 2
  selector:
    matchLabels:
      app: grpc-infra-backend-v3
  template:
    metadata:
      labels:
        app: grpc-infra-backend-v3
    spec:
      containers:
      - name: grpc-infra-backend-v3
        image: gcr.io/k8s-staging-gateway-api/echo-basic:v20260204-monthly-2026.01-60-g28382302
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        - name: GRPC_ECHO_SERVER
          value: "1"
        resources:
          requests:
            cpu: 10m
---
apiVersion: v1
kind: Service
metadata:
  name: coredns
  namespace: gateway-conformance-infra
  labels:
    app: udp
spec:
  ports:
  - name: udp-dns
    port: 53
    protocol: UDP
    targetPort: 53
  selector:
    app: udp
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: gateway-conformance-infra
  labels:
    app: udp
spec:
  selector:
    matchLabels:
      app: udp
  template:
    metadata:
      labels:
        app: udp
    spec:
      containers:
      - args:
        - -conf
        - /root/Corefile
        image: registry.k8s.io/coredns/coredns:v1.12.2
        imagePullPolicy: IfNotPresent
        name: coredns
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            add:
            - NET_BIND_SERVICE
            drop:
            - ALL
        volumeMounts:
        - mountPath: /root
          name: conf
      volumes:
      - configMap:
          defaultMode: 420
          name: coredns
        name: conf
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: coredns
  namespace: gateway-conformance-infra
data:
  Corefile: |
    .:53 {
        forward . 8.8.8.8 9.9.9.9
        log
        errors
    }
    foo.bar.com:53 {
      whoami
    }
---
apiVersion: v1
kind: Service
metadata:
  name: tcp-backend
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tcp-backend
  ports:
  - name: echo-tcp-plain
    protocol: TCP
    port: 3000
    targetPort: 3000
  - name: echo-tcp-tls
    protocol: TCP
    port: 8443
    targetPort: 8443
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: tcp-backend
  namespace: gateway-conformance-infra
  labels:
    app: tcp-backend
spec:
  replicas: 2
  selector:
    matchLabels:
      app: tcp-backend
  template:
    metadata:
      labels:
        app: tcp-backend
    spec:
      containers:
      - name: tcp-backend
        image: gcr.io/k8s-staging-gateway-api/echo-basic:v20260204-monthly-2026.01-60-g28382302
        resources:
          requests:
            cpu: 10m
        volumeMounts:
        - name: secret-volume
          mountPath: /etc/secret-volume
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        - name: TLS_SERVER_CERT
          value: /etc/secret-volume/crt
        - name: TLS_SERVER_PRIV_KEY
          value: /etc/secret-volume/key
        - name: TCP_ECHO_SERVER
          value: "1"
      volumes:
      - name: secret-volume
        secret:
          # certificate issued with hostname abc.example.com
          secretName: tls-passthrough-checks-certificate
          items:
          - key: tls.crt
            path: crt
          - key: tls.key
            path: key
`;

/** What the suite creates before any test (conformance/utils/suite/suite.go Setup, "Applying programmatic resources"): its
 * kubernetes.io/tls Secrets (MustCreateSelfSignedCertSecret, MustCreateCASigned*CertSecret) and CA ConfigMaps
 * (MustCreateCACertConfigMap: ca.crt). One key pair and one CA stand for the freshly made ones. */
const tlsSecret = (namespace: string, name: string) => 'apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\n'
  + `metadata: {name: ${name}, namespace: ${namespace}}\ndata:\n  tls.crt: ${base64(RSA_CERT)}\n  tls.key: ${base64(RSA_KEY_PKCS8)}\n`;
const caConfigMap = (namespace: string, name: string) => 'apiVersion: v1\nkind: ConfigMap\n'
  + `metadata: {name: ${name}, namespace: ${namespace}}\ndata:\n  ca.crt: |\n${CA_CERT.trimEnd().replace(/^/gm, '    ')}\n`;
export const SUITE_OBJECTS = [
  tlsSecret('gateway-conformance-web-backend', 'certificate'),
  tlsSecret('gateway-conformance-infra', 'tls-validity-checks-certificate'),
  caConfigMap('gateway-conformance-web-backend', 'web-backend-cm'),
  caConfigMap('gateway-conformance-infra', 'tls-validity-checks-ca-certificate'),
  tlsSecret('gateway-conformance-infra', 'tls-validity-checks-client-certificate'),
  caConfigMap('gateway-conformance-infra', 'tls-validity-checks-per-port-ca-certificate'),
  tlsSecret('gateway-conformance-infra', 'tls-validity-checks-per-port-client-certificate'),
  tlsSecret('gateway-conformance-infra', 'tls-passthrough-checks-certificate'),
  tlsSecret('gateway-conformance-app-backend', 'tls-passthrough-checks-certificate'),
  caConfigMap('gateway-conformance-infra', 'tls-checks-ca-certificate'),
  tlsSecret('gateway-conformance-infra', 'tls-checks-certificate'),
  tlsSecret('gateway-conformance-infra', 'tls-checks-client-certificate'),
  tlsSecret('gateway-conformance-infra', 'tls-terminate-checks-certificate'),
  caConfigMap('gateway-conformance-infra', 'mismatch-ca-certificate'),
].join('---\n');

/** istiod as Istio 1.30.3 runs the suite (tests/integration/pilot/gateway_conformance_test.go over tests/integration/base.yaml):
 * PILOT_ENABLE_ALPHA_GATEWAY_API=true, so TCP and TLS listeners and routes are served. */
export const ISTIOD = istiod({PILOT_ENABLE_ALPHA_GATEWAY_API: 'true'});

/** conformance/tests/<name>.yaml, verbatim. */
export const TEST_MANIFESTS: Record<string, string> = {
  'gateway-invalid-route-kind': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-only-invalid-route-kind
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: http
      port: 80
      protocol: HTTP
      allowedRoutes:
        namespaces:
          from: All
        kinds:
          - kind: InvalidRoute
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-supported-and-invalid-route-kind
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: http
      port: 80
      protocol: HTTP
      allowedRoutes:
        namespaces:
          from: All
        kinds:
          - kind: InvalidRoute
          - kind: HTTPRoute
`,
  'gateway-invalid-tls-configuration': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-certificate-nonexistent-secret
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      allowedRoutes:
        namespaces:
          from: All
      tls:
        certificateRefs:
          - group: ""
            kind: Secret
            name: nonexistent-certificate
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-certificate-unsupported-group
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      allowedRoutes:
        namespaces:
          from: All
      tls:
        certificateRefs:
          - group: wrong.group.company.io
            kind: Secret
            name: tls-validity-checks-certificate
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-certificate-unsupported-kind
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      allowedRoutes:
        namespaces:
          from: All
      tls:
        certificateRefs:
          - group: ""
            kind: WrongKind
            name: tls-validity-checks-certificate
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-certificate-malformed-secret
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      allowedRoutes:
        namespaces:
          from: All
      tls:
        certificateRefs:
          - group: ""
            kind: Secret
            name: malformed-certificate
---
apiVersion: v1
kind: Secret
metadata:
  name: malformed-certificate
  namespace: gateway-conformance-infra
data:
  # this certificate is invalid because contains an invalid pem (base64 of "Hello world"),
  # and the certificate and the key are identical
  tls.crt: SGVsbG8gd29ybGQK
  tls.key: SGVsbG8gd29ybGQK
type: kubernetes.io/tls
`,
  'gateway-secret-invalid-reference-grant': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-secret-invalid-reference-grant
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      allowedRoutes:
        namespaces:
          from: All
      tls:
        certificateRefs:
          - group: ""
            kind: Secret
            name: certificate
            namespace: gateway-conformance-web-backend
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-namespace
  namespace: gateway-conformance-app-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: Gateway
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Secret
      name: certificate
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-from-group
  namespace: gateway-conformance-web-backend
spec:
  from:
    - group: not-the-group-youre-looking-for
      kind: Gateway
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Secret
      name: certificate
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-from-kind
  namespace: gateway-conformance-web-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Secret
      name: certificate
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-from-namespace
  namespace: gateway-conformance-web-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: Gateway
      namespace: not-the-namespace-youre-looking-for
  to:
    - group: ""
      kind: Secret
      name: certificate
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-to-group
  namespace: gateway-conformance-web-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: Gateway
      namespace: gateway-conformance-infra
  to:
    - group: not-the-group-youre-looking-for
      kind: Secret
      name: not-the-certificate-youre-looking-for
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-to-kind
  namespace: gateway-conformance-web-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: Gateway
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Service
      name: certificate
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-to-name
  namespace: gateway-conformance-web-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: Gateway
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Secret
      name: not-the-certificate-youre-looking-for
`,
  'gateway-secret-missing-reference-grant': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-secret-missing-reference-grant
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      allowedRoutes:
        namespaces:
          from: All
      tls:
        certificateRefs:
          - group: ""
            kind: Secret
            name: certificate
            namespace: gateway-conformance-web-backend
`,
  'gateway-secret-reference-grant-all-in-namespace': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-secret-reference-grant-all-in-namespace
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      allowedRoutes:
        namespaces:
          from: All
      tls:
        certificateRefs:
          - group: ""
            kind: Secret
            name: certificate
            namespace: gateway-conformance-web-backend
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-all-in-namespace
  namespace: gateway-conformance-web-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: Gateway
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Secret
`,
  'gateway-secret-reference-grant-specific': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-secret-reference-grant-specific
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      allowedRoutes:
        namespaces:
          from: All
      tls:
        certificateRefs:
          - group: ""
            kind: Secret
            name: certificate
            namespace: gateway-conformance-web-backend
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-specific
  namespace: gateway-conformance-web-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: Gateway
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Secret
      name: certificate
`,
  'gateway-with-attached-routes': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-with-one-attached-route
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes:
      kinds:
      - kind: HTTPRoute
      namespaces:
        from: Selector
        selector:
          matchLabels:
            # This label is added automatically as of K8s 1.22
            # to all namespaces
            kubernetes.io/metadata.name: gateway-conformance-infra
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: http-route-1
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - kind: Gateway
    name: gateway-with-one-attached-route
    namespace: gateway-conformance-infra
  rules:
  - backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-with-two-attached-routes
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    hostname: "foo.example.com"
    allowedRoutes:
      kinds:
      - kind: HTTPRoute
      namespaces:
        from: Selector
        selector:
          matchLabels:
            # This label is added automatically as of K8s 1.22
            # to all namespaces
            kubernetes.io/metadata.name: gateway-conformance-infra
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: http-route-2
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - kind: Gateway
    name: gateway-with-two-attached-routes
    namespace: gateway-conformance-infra
  rules:
  - backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: http-route-3
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - kind: Gateway
    name: gateway-with-two-attached-routes
    namespace: gateway-conformance-infra
  rules:
  - backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: http-route-not-accepted
  namespace: gateway-conformance-infra
spec:
  hostnames:
  # mismatched hostname here (listener hostname is foo.example.com) triggers NoMatchingListenerHostname reason
  - "not-accepted.test.com"
  parentRefs:
  - kind: Gateway
    name: gateway-with-two-attached-routes
    namespace: gateway-conformance-infra
  rules:
  - backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: Gateway
metadata:
  name: unresolved-gateway-with-one-attached-unresolved-route
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: tls
    port: 443
    protocol: HTTPS
    allowedRoutes:
      kinds:
      - kind: HTTPRoute
      namespaces:
        from: Selector
        selector:
          matchLabels:
            # This label is added automatically as of K8s 1.22
            # to all namespaces
            kubernetes.io/metadata.name: gateway-conformance-infra
    tls:
      certificateRefs:
      - group: ""
        kind: Secret
        name: does-not-exist
      mode: Terminate
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: HTTPRoute
metadata:
  name: http-route-4
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - kind: Gateway
    name: unresolved-gateway-with-one-attached-unresolved-route
    namespace: gateway-conformance-infra
    sectionName: tls
  rules:
  - backendRefs:
    - name: does-not-exist
      port: 8080
`,
  'gateway-with-attached-routes-with-port-8080': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-with-two-listeners-and-one-attached-route
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: http-unattached
    port: 8080
    protocol: HTTP
    allowedRoutes:
      kinds:
      - kind: HTTPRoute
      namespaces:
        from: All
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes:
      kinds:
      - kind: HTTPRoute
      namespaces:
        from: All
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: http-route-4-port-8080
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - kind: Gateway
    name: gateway-with-two-listeners-and-one-attached-route
    namespace: gateway-conformance-infra
    sectionName: http
  rules:
  - backendRefs:
    - name: infra-backend-v1
      port: 8080
`,
  'httproute-disallowed-kind': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: tlsroutes-only
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: tls
    port: 443
    protocol: TLS
    tls:
      mode: Passthrough
    allowedRoutes:
      namespaces:
        from: Same
      kinds:
      - kind: TLSRoute
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: disallowed-kind
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: tlsroutes-only
    namespace: gateway-conformance-infra
  rules:
  - backendRefs:
    - name: infra-backend-v1
      port: 8080
`,
  'httproute-hostname-intersection': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: httproute-hostname-intersection
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: listener-1
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: very.specific.com
  - name: listener-2
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: "*.wildcard.io"
  - name: listener-3
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: "*.anotherwildcard.io"
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: httproute-hostname-intersection-all
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: listener-1
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: specific-host-matches-listener-specific-host
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-hostname-intersection
    namespace: gateway-conformance-infra
  hostnames:
  - non.matching.com
  - "*.nonmatchingwildcard.io"
  - very.specific.com  #  matches listener-1's specific host
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /s1
    backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: specific-host-matches-listener-wildcard-host
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-hostname-intersection
    namespace: gateway-conformance-infra
  hostnames:
  - non.matching.com
  - wildcard.io
  - foo.wildcard.io  #  matches listener-2's wildcard host
  - bar.wildcard.io  #  matches listener-2's wildcard host
  - foo.bar.wildcard.io  #  matches listener-2's wildcard host
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /s2
    backendRefs:
    - name: infra-backend-v2
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: wildcard-host-matches-listener-specific-host
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-hostname-intersection
    namespace: gateway-conformance-infra
  hostnames:
  - non.matching.com
  - "*.specific.com"  # matches listener-1's specific host
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /s3
    backendRefs:
    - name: infra-backend-v3
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: wildcard-host-matches-listener-wildcard-host
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-hostname-intersection
    namespace: gateway-conformance-infra
  hostnames:
  - "*.anotherwildcard.io"  # matches listener-3's wildcard host
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /s4
    backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: no-intersecting-hosts
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-hostname-intersection
    namespace: gateway-conformance-infra
  hostnames:
  - specific.but.wrong.com
  - wildcard.io
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /s5
    backendRefs:
    - name: infra-backend-v2
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: httproute-hostname-intersection-all
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-hostname-intersection-all
    namespace: gateway-conformance-infra
  hostnames:
  - first.com
  - sub.first.com
  - second.com
  - sub.second.com
  rules:
  - backendRefs:
    - name: infra-backend-v2
      port: 8080
`,
  'httproute-invalid-backendref-unknown-kind': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: invalid-backend-ref-unknown-kind
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - backendRefs:
    - group: unknownkind.example.com
      kind: NonExistent
      name: infra-backend-v1
      port: 8080
`,
  'httproute-invalid-cross-namespace-backend-ref': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: invalid-cross-namespace-backend-ref
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - backendRefs:
    - name: web-backend
      namespace: gateway-conformance-web-backend
      port: 8080
`,
  'httproute-invalid-cross-namespace-parent-ref': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: invalid-cross-namespace-parent-ref
  namespace: gateway-conformance-web-backend
spec:
  parentRefs:
  - name: same-namespace
    namespace: gateway-conformance-infra
  rules:
  - backendRefs:
    - name: web-backend
      port: 8080
`,
  'httproute-invalid-nonexistent-backendref': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: invalid-nonexistent-backend-ref
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - backendRefs:
    - name: nonexistent
      namespace: gateway-conformance-infra
      port: 8080
`,
  'httproute-invalid-parentref-not-matching-listener-port': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: httproute-listener-not-matching-route-port
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
    namespace: gateway-conformance-infra
    # mismatched port here (81 is not an available gateway listener) triggers NoMatchingParent reason
    port: 81
  rules:
  - backendRefs:
    - name: infra-backend-v1
      kind: Service
      port: 8080
`,
  'httproute-invalid-parentref-not-matching-section-name': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: httproute-listener-not-matching-section-name
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
    namespace: gateway-conformance-infra
    port: 80
    # mismatched sectionName here (http1 is not an available gateway listener) triggers NoMatchingParent reason
    sectionName: http1
  rules:
  - backendRefs:
    - name: infra-backend-v1
      kind: Service
      port: 8080
`,
  'httproute-invalid-parentref-section-name-not-matching-port': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-with-one-not-matching-port-and-section-name-route
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes:
      kinds:
      - kind: HTTPRoute
      namespaces:
        from: All
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: httproute-listener-section-name-not-matching-port
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: gateway-with-one-not-matching-port-and-section-name-route
    namespace: gateway-conformance-infra
    sectionName: http
    # mismatched port value here (81 does not match gateway http listener's port) triggers NoMatchingParent reason
    port: 81
  rules:
  - backendRefs:
    - name: infra-backend-v1
      kind: Service
      port: 8080
`,
  'httproute-invalid-reference-grant': `---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-namespace
  namespace: gateway-conformance-infra
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Service
      name: web-backend
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-from-group
  namespace: gateway-conformance-web-backend
spec:
  from:
    - group: not-the-group-youre-looking-for
      kind: HTTPRoute
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Service
      name: web-backend
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-from-kind
  namespace: gateway-conformance-web-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: Gateway
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Service
      name: web-backend
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-from-namespace
  namespace: gateway-conformance-web-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
      namespace: not-the-namespace-youre-looking-for
  to:
    - group: ""
      kind: Service
      name: web-backend
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-to-group
  namespace: gateway-conformance-web-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
      namespace: gateway-conformance-infra
  to:
    - group: not-the-group-youre-looking-for
      kind: Service
      name: web-backend
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-to-kind
  namespace: gateway-conformance-web-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Secret
      name: web-backend
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-to-name
  namespace: gateway-conformance-web-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Secret
      name: not-the-service-youre-looking-for
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reference-grant
  namespace: gateway-conformance-infra
spec:
  parentRefs:
    - name: same-namespace
  rules:
    - backendRefs:
        - name: web-backend
          namespace: gateway-conformance-web-backend
          port: 8080
`,
  'httproute-partially-invalid-via-invalid-reference-grant': `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: invalid-reference-grant
  namespace: gateway-conformance-app-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Service
      name: app-backend-v1
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: invalid-reference-grant
  namespace: gateway-conformance-infra
spec:
  parentRefs:
    - name: same-namespace
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: "/v2"
      backendRefs:
        - name: app-backend-v2
          namespace: gateway-conformance-app-backend
          port: 8080
    - backendRefs:
        - name: app-backend-v1
          namespace: gateway-conformance-app-backend
          port: 8080
`,
  'grpcroute-listener-hostname-matching': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: grpcroute-listener-hostname-matching
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: listener-1
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: bar.com
  - name: listener-2
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: foo.bar.com
  - name: listener-3
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: "*.bar.com"
  - name: listener-4
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: "*.foo.com"
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata:
  name: backend-v1
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: grpcroute-listener-hostname-matching
    namespace: gateway-conformance-infra
    sectionName: listener-1
  rules:
  - backendRefs:
    - name: grpc-infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata:
  name: backend-v2
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: grpcroute-listener-hostname-matching
    namespace: gateway-conformance-infra
    sectionName: listener-2
  rules:
  - backendRefs:
    - name: grpc-infra-backend-v2
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata:
  name: backend-v3
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: grpcroute-listener-hostname-matching
    namespace: gateway-conformance-infra
    sectionName: listener-3
  - name: grpcroute-listener-hostname-matching
    namespace: gateway-conformance-infra
    sectionName: listener-4
  rules:
  - backendRefs:
    - name: grpc-infra-backend-v3
      port: 8080
`,
  'httproute-listener-hostname-matching': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: httproute-listener-hostname-matching
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: listener-1
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: bar.com
  - name: listener-2
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: foo.bar.com
  - name: listener-3
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: "*.bar.com"
  - name: listener-4
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: "*.foo.com"
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backend-v1
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-listener-hostname-matching
    namespace: gateway-conformance-infra
    sectionName: listener-1
  rules:
  - backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backend-v2
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-listener-hostname-matching
    namespace: gateway-conformance-infra
    sectionName: listener-2
  rules:
  - backendRefs:
    - name: infra-backend-v2
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backend-v3
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-listener-hostname-matching
    namespace: gateway-conformance-infra
    sectionName: listener-3
  - name: httproute-listener-hostname-matching
    namespace: gateway-conformance-infra
    sectionName: listener-4
  rules:
  - backendRefs:
    - name: infra-backend-v3
      port: 8080
`,
  'httproute-reference-grant': `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant
  namespace: gateway-conformance-web-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Service
      name: web-backend
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reference-grant
  namespace: gateway-conformance-infra
spec:
  parentRefs:
    - name: same-namespace
  rules:
    - backendRefs:
        - name: web-backend
          namespace: gateway-conformance-web-backend
          port: 8080
`,
  'httproute-cross-namespace': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: cross-namespace
  namespace: gateway-conformance-web-backend
spec:
  parentRefs:
  - name: backend-namespaces
    namespace: gateway-conformance-infra
  rules:
  - backendRefs:
    - name: web-backend
      port: 8080
`,
  'gateway-static-addresses': `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-static-addresses
  namespace: gateway-conformance-infra
  annotations:
    gateway-api/skip-this-for-readiness: "true"
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  addresses:
  # this address type is intentionally unsupported to test that implementations
  # are indicating Gateways with unsupported addresses are not accepted.
  # the test will remove this address once it confirms it triggers a status of
  # Accepted==False.
  - type: "test/fake-invalid-type"
    value: "fake address teehee!"
  # This indicates an address that is known to not be usable by the
  # implementation and will be substituted with user provided types and values.
  - value: "PLACEHOLDER_UNUSABLE_ADDRS"
  # This indicates an address that is known to be usable by the implementation
  # and will be substituted with user provided types and values.
  - value: "PLACEHOLDER_USABLE_ADDRS"
  listeners:
  - name: http
    port: 8080
    protocol: HTTP
`,
  'gateway-invalid-default-frontend-client-certificate-validation': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: invalid-default-client-validation-config
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  tls:
    frontend:
      default:
        validation:
          caCertificateRefs:
          - kind: ConfigMap
            group: ""
            name: does-not-exist
      perPort:
      - port: 80
        tls:
          validation:
            caCertificateRefs:
            - kind: ConfigMap
              group: ""
              name: tls-validity-checks-per-port-ca-certificate
  listeners:
  - name: https
    port: 443
    protocol: HTTPS
    allowedRoutes:
      namespaces:
        from: Same
    tls:
      certificateRefs:
      - group: ""
        kind: Secret
        name: tls-validity-checks-certificate
        namespace: gateway-conformance-infra
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: invalid-default-client-validation-config
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: invalid-default-client-validation-config
  hostnames:
  - example.org
  rules:
  - backendRefs:
    - name: infra-backend-v1
      port: 8080
`,
  'gateway-invalid-tls-backend-configuration': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-client-certificate-nonexistent-secret
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: http
      port: 80
      protocol: HTTP
      allowedRoutes:
        namespaces:
          from: Same
  tls:
    backend:
      clientCertificateRef:
        group: ""
        kind: Secret
        name: nonexistent-certificate
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-client-certificate-unsupported-group
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: http
      port: 80
      protocol: HTTP
      allowedRoutes:
        namespaces:
          from: Same
  tls:
    backend:
      clientCertificateRef:
        group: wrong.group.company.io
        kind: Secret
        name: tls-validity-checks-certificate
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-client-certificate-unsupported-kind
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: http
      port: 80
      protocol: HTTP
      allowedRoutes:
        namespaces:
          from: Same
  tls:
    backend:
      clientCertificateRef:
        group: ""
        kind: WrongKind
        name: tls-validity-checks-certificate
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-client-certificate-malformed-secret
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: http
      port: 80
      protocol: HTTP
      allowedRoutes:
        namespaces:
          from: Same
  tls:
    backend:
      clientCertificateRef:
        group: ""
        kind: Secret
        name: malformed-client-certificate
---
apiVersion: v1
kind: Secret
metadata:
  name: malformed-client-certificate
  namespace: gateway-conformance-infra
# this certificate is invalid because it does not contain the keys
# named tls.crt and tls.key
data: {}
type: Opaque
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-client-certificate-missing-reference-grant
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: http
      port: 80
      protocol: HTTP
      allowedRoutes:
        namespaces:
          from: Same
  tls:
    backend:
      clientCertificateRef:
        group: ""
        kind: Secret
        name: certificate
        namespace: gateway-conformance-web-backend
`,
  'gateway-with-invalid-clientcertificate-validation': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-with-invalid-client-cert-validation
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  tls:
    frontend:
      default:
        validation:
          caCertificateRefs:
          - kind: ConfigMap
            group: ""
            name: tls-validity-checks-ca-certificate
      perPort:
      - port: 7443
        tls:
          validation:
            caCertificateRefs:
            - kind: ConfigMap
              group: ""
              name: non-exisitng-cm
      - port: 8443
        tls:
          validation:
            caCertificateRefs:
            - kind: Service
              group: ""
              name: infra-backend-v2
      - port: 6443
        tls:
          validation:
            caCertificateRefs:
            - kind: ConfigMap
              group: ""
              name: web-backend-cm
              namespace: gateway-conformance-web-backend
  listeners:
  - name: https
    port: 443
    protocol: HTTPS
    allowedRoutes:
      namespaces:
        from: Same
    tls:
      certificateRefs:
      - group: ""
        kind: Secret
        name: tls-validity-checks-certificate
        namespace: gateway-conformance-infra
  - name: https-unresolved
    port: 7443
    hostname: first-example.org
    protocol: HTTPS
    allowedRoutes:
      namespaces:
        from: Same
    tls:
      certificateRefs:
      - group: ""
        kind: Secret
        name: tls-validity-checks-certificate
        namespace: gateway-conformance-infra
  - name: https-invalid-kind
    port: 8443
    hostname: second-example.org
    protocol: HTTPS
    allowedRoutes:
      namespaces:
        from: Same
    tls:
      certificateRefs:
      - group: ""
        kind: Secret
        name: tls-validity-checks-certificate
        namespace: gateway-conformance-infra
  - name: https-grant-missing
    port: 6443
    hostname: fourth-example.org
    protocol: HTTPS
    allowedRoutes:
      namespaces:
        from: Same
    tls:
      certificateRefs:
      - group: ""
        kind: Secret
        name: tls-validity-checks-certificate
        namespace: gateway-conformance-infra
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: misconfigured-client-certificate-validation-https-test
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: client-validation-invalid
  hostnames:
  - example.org
  rules:
  - backendRefs:
    - name: infra-backend-v1
      port: 8080
`,
  'listenerset-allowed-namespace-none': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-does-not-allow-listenerset
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: gateway-listener
    port: 80
    protocol: HTTP
    hostname: "gateway-listener.com"
    allowedRoutes:
      namespaces:
        from: All
  allowedListeners:
    namespaces:
      from: None
---
# This listenerSet should not be accepted since the Gateway does not allow ListenerSets via \`allowedListeners\`
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listenerset-not-allowed
  namespace: gateway-conformance-infra
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-does-not-allow-listenerset
    namespace: gateway-conformance-infra
  listeners:
  - name: listener-set-listener
    port: 80
    protocol: HTTP
    hostname: "listener-set-listener.com"
    allowedRoutes:
      namespaces:
        from: All
`,
  'listenerset-allowed-namespace-same': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-allows-listenerset-in-same-namespace
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: gateway-listener
    port: 80
    protocol: HTTP
    hostname: "gateway-listener.com"
    allowedRoutes:
      namespaces:
        from: All
  allowedListeners:
    namespaces:
      from: Same
---
# This listenerSet should be accepted since it is in the same namespace as the gateway and the Gateway only allows ListenerSets in the same namespace.
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listenerset-in-same-namespace
  namespace: gateway-conformance-infra
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-allows-listenerset-in-same-namespace
    namespace: gateway-conformance-infra
  listeners:
  - name: listenerset-in-same-namespace-listener
    port: 80
    protocol: HTTP
    hostname: "listenerset-in-same-namespace-listener.com"
    allowedRoutes:
      namespaces:
        from: All
---
# This namespace is created to verify that a listenerSet defined in a different namespace than the parent gateway will not be accepted
apiVersion: v1
kind: Namespace
metadata:
  name: gateway-api-listenerset-not-allowed-ns
---
# This listenerSet should not be accepted since it is in a different namespace than the gateway but the Gateway only allows ListenerSets in the same namespace.
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listenerset-in-different-namespace
  namespace: gateway-api-listenerset-not-allowed-ns
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-allows-listenerset-in-same-namespace
    namespace: gateway-conformance-infra
  listeners:
  - name: listenerset-in-different-namespace-listener
    port: 80
    protocol: HTTP
    hostname: "listenerset-in-different-namespace-listener"
    allowedRoutes:
      namespaces:
        from: All
`,
  'listenerset-allowed-namespace-selector': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-allows-listenerset-in-selected-namespace
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: gateway-listener
    port: 80
    protocol: HTTP
    hostname: "gateway-listener.com"
    allowedRoutes:
      namespaces:
        from: All
  allowedListeners:
    namespaces:
      from: Selector
      selector:
        matchLabels:
          allowed: ns
---
# This namespace matches the label selector defined in \`allowedListeners\`
apiVersion: v1
kind: Namespace
metadata:
  name: gateway-api-listenerset-selector-allowed-ns
  labels:
    allowed: ns
---
# This listenerSet should be accepted since it is in the namespace that matches the label selector defined in \`allowedListeners\`
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listenerset-in-selected-namespace
  namespace: gateway-api-listenerset-selector-allowed-ns
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-allows-listenerset-in-selected-namespace
    namespace: gateway-conformance-infra
  listeners:
  - name: listenerset-in-selected-namespace-listener
    port: 80
    protocol: HTTP
    hostname: "listenerset-in-selected-namespace-listener.com"
    allowedRoutes:
      namespaces:
        from: All
---
# This namespace does not match the label selector defined in \`allowedListeners\`
apiVersion: v1
kind: Namespace
metadata:
  name: gateway-api-listenerset-selector-not-allowed-ns
---
# This listenerSet should not be accepted since it is not in the namespace that matches the label selector defined in \`allowedListeners\`
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listenerset-not-in-selected-namespace
  namespace: gateway-api-listenerset-selector-not-allowed-ns
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-allows-listenerset-in-selected-namespace
    namespace: gateway-conformance-infra
  listeners:
  - name: listenerset-not-in-selected-namespace-listener
    port: 80
    protocol: HTTP
    hostname: "listenerset-not-in-selected-namespace-listener.com"
    allowedRoutes:
      namespaces:
        from: All
`,
  'listenerset-allowed-routes-supported-kinds': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-with-listener-sets-test-supported-route-kinds
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: gateway-listener
    port: 80
    protocol: HTTP
    hostname: "gateway-listener.com"
    allowedRoutes:
      namespaces:
        from: All
  allowedListeners:
    namespaces:
      from: All
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listenerset-test-allowed-routes-supported-kinds
  namespace: gateway-conformance-infra
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-with-listener-sets-test-supported-route-kinds
    namespace: gateway-conformance-infra
  listeners:
  - name: listener-set-listener-allowed-routes-tls-only
    port: 443
    protocol: TLS
    hostname: "listener-set-listener-allowed-routes-tls-only.com"
    allowedRoutes:
      namespaces:
        from: All
      kinds:
      - kind: HTTPRoute
    tls:
      mode: Passthrough
`,
  'listenerset-default-not-allowed': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-default-does-not-allow-listenerset
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: gateway-listener
    port: 80
    protocol: HTTP
    hostname: "gateway-listener.com"
    allowedRoutes:
      namespaces:
        from: All
---
# This listenerSet should not be accepted since the Gateway does not allow ListenerSets by default
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listenerset-default-not-allowed
  namespace: gateway-conformance-infra
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-default-does-not-allow-listenerset
    namespace: gateway-conformance-infra
  listeners:
  - name: listenerset-default-not-allowed-listener
    port: 80
    protocol: HTTP
    hostname: "listenerset-default-not-allowed-listener.com"
    allowedRoutes:
      namespaces:
        from: All
`,
  'listenerset-hostname-conflict': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-with-listenerset-hostname-conflict
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  allowedListeners:
    namespaces:
      from: Same
  listeners:
  - name: gateway-listener
    port: 80
    protocol: HTTP
    hostname: "gateway-listener.com"
    allowedRoutes:
      namespaces:
        from: All
  # The following listener should be accepted based on listener precedence
  - name: hostname-conflict-with-gateway-listener
    port: 80
    protocol: HTTP
    hostname: "hostname-conflict-with-gateway-listener.com"
    allowedRoutes:
      namespaces:
        from: All
---
# The listener \`hostname-conflict-with-gateway-listener\` should be rejected but the listenerSet should be accepted since it has other valid listeners
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listenerset-with-hostname-conflict-with-gateway-1
  namespace: gateway-conformance-infra
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-with-listenerset-hostname-conflict
    namespace: gateway-conformance-infra
  listeners:
  - name: listener-set-1-listener
    port: 80
    protocol: HTTP
    hostname: "listener-set-1-listener.com"
    allowedRoutes:
      namespaces:
        from: All
  # The following listener should be rejected since it conflicts with the gateway listener
  - name: hostname-conflict-with-gateway-listener
    port: 80
    protocol: HTTP
    hostname: "hostname-conflict-with-gateway-listener.com"
    allowedRoutes:
      namespaces:
        from: All
  # The following listener should be accepted based on listener precedence
  - name: hostname-conflict-with-listener-set-listener
    port: 80
    protocol: HTTP
    hostname: "hostname-conflict-with-listener-set-listener.com"
    allowedRoutes:
      namespaces:
        from: All
---
# This listenerSet should not be accepted since its only listener \`hostname-conflict-with-gateway-listener\` is rejected
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listenerset-with-hostname-conflict-with-gateway-2
  namespace: gateway-conformance-infra
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-with-listenerset-hostname-conflict
    namespace: gateway-conformance-infra
  listeners:
  # The following listener should be rejected since it conflicts with the gateway listener
  - name: hostname-conflict-with-gateway-listener
    port: 80
    protocol: HTTP
    hostname: "hostname-conflict-with-gateway-listener.com"
    allowedRoutes:
      namespaces:
        from: All
---
# The listener \`hostname-conflict-with-listener-set-listener\` should be rejected but the listenerSet should be accepted since it has other valid listeners
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listenerset-with-hostname-conflict-with-listener-set-1
  namespace: gateway-conformance-infra
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-with-listenerset-hostname-conflict
    namespace: gateway-conformance-infra
  listeners:
  - name: listener-set-2-listener
    port: 80
    protocol: HTTP
    hostname: "listener-set-2-listener.com"
    allowedRoutes:
      namespaces:
        from: All
  # The following listener should be rejected since it conflicts with another listenerSet's listener
  - name: hostname-conflict-with-listener-set-listener
    port: 80
    protocol: HTTP
    hostname: "hostname-conflict-with-listener-set-listener.com"
    allowedRoutes:
      namespaces:
        from: All
---
# This listenerSet should not be accepted since its only listener \`hostname-conflict-with-listener-set-listener\` is rejected
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listenerset-with-hostname-conflict-with-listener-set-2
  namespace: gateway-conformance-infra
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-with-listenerset-hostname-conflict
    namespace: gateway-conformance-infra
  listeners:
  # The following listener should be rejected since it conflicts with another listenerSet's listener
  - name: hostname-conflict-with-listener-set-listener
    port: 80
    protocol: HTTP
    hostname: "hostname-conflict-with-listener-set-listener.com"
    allowedRoutes:
      namespaces:
        from: All
`,
  'listenerset-protocol-conflict': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-with-listenerset-protocol-conflict
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  allowedListeners:
    namespaces:
      from: Same
  listeners:
  - name: gateway-listener
    port: 80
    protocol: HTTP
    hostname: "gateway-listener.com"
    allowedRoutes:
      namespaces:
        from: All
  # The following listener should be accepted based on listener precedence
  - name: protocol-conflict-with-gateway-listener
    port: 80
    protocol: HTTP
    hostname: "protocol-conflict-with-gateway-listener.com"
    allowedRoutes:
      namespaces:
        from: All
---
# The listener \`protocol-conflict-with-gateway-listener\` should be rejected but the listenerSet should be accepted since it has other valid listeners
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listenerset-with-protocol-conflict-with-gateway-1
  namespace: gateway-conformance-infra
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-with-listenerset-protocol-conflict
    namespace: gateway-conformance-infra
  listeners:
  - name: listener-set-1-listener
    port: 80
    protocol: HTTP
    hostname: "listener-set-1-listener.com"
    allowedRoutes:
      namespaces:
        from: All
  # The following listener should be rejected since it conflicts with the gateway listener
  - name: protocol-conflict-with-gateway-listener
    port: 80
    protocol: TCP
    allowedRoutes:
      namespaces:
        from: All
  # The following listener should be accepted based on listener precedence
  - name: protocol-conflict-with-listener-set-listener
    port: 80
    protocol: HTTP
    hostname: "protocol-conflict-with-listener-set-listener.com"
    allowedRoutes:
      namespaces:
        from: All
---
# This listenerSet should not be accepted since its only listener \`protocol-conflict-with-gateway-listener\` is rejected
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listenerset-with-protocol-conflict-with-gateway-2
  namespace: gateway-conformance-infra
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-with-listenerset-protocol-conflict
    namespace: gateway-conformance-infra
  listeners:
  # The following listener should be rejected since it conflicts with the gateway listener
  - name: protocol-conflict-with-gateway-listener
    port: 80
    protocol: TCP
    allowedRoutes:
      namespaces:
        from: All
---
# The listener \`protocol-conflict-with-listener-set-listener\` should be rejected but the listenerSet should be accepted since it has other valid listeners
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listenerset-with-protocol-conflict-with-listener-set-1
  namespace: gateway-conformance-infra
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-with-listenerset-protocol-conflict
    namespace: gateway-conformance-infra
  listeners:
  - name: listener-set-2-listener
    port: 80
    protocol: HTTP
    hostname: "listener-set-2-listener.com"
    allowedRoutes:
      namespaces:
        from: All
  # The following listener should be rejected since it conflicts with another listenerSet's listener
  - name: protocol-conflict-with-listener-set-listener
    port: 80
    protocol: TCP
    allowedRoutes:
      namespaces:
        from: All
---
# This listenerSet should not be accepted since its only listener \`protocol-conflict-with-listener-set-listener\` is rejected
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listenerset-with-protocol-conflict-with-listener-set-2
  namespace: gateway-conformance-infra
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-with-listenerset-protocol-conflict
    namespace: gateway-conformance-infra
  listeners:
  # The following listener should be rejected since it conflicts with another listenerSet's listener
  - name: protocol-conflict-with-listener-set-listener
    port: 80
    protocol: TCP
    allowedRoutes:
      namespaces:
        from: All
`,
  'listenerset-reference-grant': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-with-listener-sets-test-reference-grant
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: gateway-listener
    port: 443
    protocol: HTTPS
    hostname: "gateway-listener.com"
    allowedRoutes:
      namespaces:
        from: All
    tls:
      certificateRefs:
      - group: ""
        kind: Secret
        name: certificate
        namespace: gateway-conformance-web-backend
  allowedListeners:
    namespaces:
      from: All
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-for-gateway
  namespace: gateway-conformance-web-backend
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: Gateway
    namespace: gateway-conformance-infra
  to:
  - group: ""
    kind: Secret
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listenerset-with-reference-grant
  namespace: gateway-conformance-infra
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-with-listener-sets-test-reference-grant
    namespace: gateway-conformance-infra
  listeners:
  - name: listenerset-with-reference-grant-listener
    port: 443
    protocol: HTTPS
    hostname: "listenerset-with-reference-grant-listener.com"
    allowedRoutes:
      namespaces:
        from: All
    tls:
      certificateRefs:
      - group: ""
        kind: Secret
        name: certificate
        namespace: gateway-conformance-web-backend
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-for-listener-set
  namespace: gateway-conformance-web-backend
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: ListenerSet
    namespace: gateway-conformance-infra
  to:
  - group: ""
    kind: Secret
---
apiVersion: v1
kind: Namespace
metadata:
  name: gateway-api-listener-sets-test-reference-grant-ns
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listenerset-without-reference-grant
  namespace: gateway-api-listener-sets-test-reference-grant-ns
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-with-listener-sets-test-reference-grant
    namespace: gateway-conformance-infra
  listeners:
  - name: listenerset-without-reference-grant-listener
    port: 443
    protocol: HTTPS
    hostname: "listenerset-without-reference-grant-listener-1.com"
    allowedRoutes:
      namespaces:
        from: All
    tls:
      certificateRefs:
      - group: ""
        kind: Secret
        name: certificate
        namespace: gateway-conformance-web-backend
`,
  'listenerset-allowed-routes-namespaces': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-with-listener-sets-test-allowed-routes
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: gateway-listener
    port: 80
    protocol: HTTP
    hostname: "gateway-listener.com"
    allowedRoutes:
      namespaces:
        from: All
  allowedListeners:
    namespaces:
      from: All
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listenerset-test-allowed-routes-namespaces
  namespace: gateway-conformance-infra
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-with-listener-sets-test-allowed-routes
    namespace: gateway-conformance-infra
  listeners:
  - name: listener-set-listener-allowed-routes-all
    port: 80
    protocol: HTTP
    hostname: "listener-set-listener-allowed-routes-all.com"
    allowedRoutes:
      namespaces:
        from: All
  - name: listener-set-listener-allowed-routes-same
    port: 80
    protocol: HTTP
    hostname: "listener-set-listener-allowed-routes-same.com"
    allowedRoutes:
      namespaces:
        from: Same
  - name: listener-set-listener-allowed-routes-selector
    port: 80
    protocol: HTTP
    hostname: "listener-set-listener-allowed-routes-selector.com"
    allowedRoutes:
      namespaces:
        from: Selector
        selector:
          matchLabels:
            allowed: ns
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: route-in-same-namespace
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - kind: ListenerSet
    group: gateway.networking.k8s.io
    name: listenerset-test-allowed-routes-namespaces
    namespace: gateway-conformance-infra
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /route-in-same-namespace
    backendRefs:
    - name: infra-backend-v1
      port: 8080
---
# This namespace matches the label selector defined in \`allowedListeners\`
apiVersion: v1
kind: Namespace
metadata:
  name: gateway-api-routes-allowed-ns
  labels:
    allowed: ns
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: route-in-selected-namespace
  namespace: gateway-api-routes-allowed-ns
spec:
  parentRefs:
  - kind: ListenerSet
    group: gateway.networking.k8s.io
    name: listenerset-test-allowed-routes-namespaces
    namespace: gateway-conformance-infra
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /route-in-selected-namespace
    backendRefs:
    - name: infra-backend-v2
      namespace: gateway-conformance-infra
      port: 8080
---
# This namespace does not match the label selector defined in \`allowedListeners\`
apiVersion: v1
kind: Namespace
metadata:
  name: gateway-api-routes-not-allowed-ns
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: route-not-in-selected-namespace
  namespace: gateway-api-routes-not-allowed-ns
spec:
  parentRefs:
  - kind: ListenerSet
    group: gateway.networking.k8s.io
    name: listenerset-test-allowed-routes-namespaces
    namespace: gateway-conformance-infra
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /route-not-in-selected-namespace
    backendRefs:
    - name: infra-backend-v3
      namespace: gateway-conformance-infra
      port: 8080
---
kind: ReferenceGrant
apiVersion: gateway.networking.k8s.io/v1beta1
metadata:
  name: listenerset-test-allowed-routes-namespaces-reference-grant
  namespace: gateway-conformance-infra
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: HTTPRoute
    namespace: gateway-api-routes-allowed-ns
  - group: gateway.networking.k8s.io
    kind: HTTPRoute
    namespace: gateway-api-routes-not-allowed-ns
  to:
  - group: ""
    kind: "Service"
`,
  'tlsroute-invalid-backendref-nonexistent': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-tlsroute-invalid-backend-ref-nonexistent
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: tls
    protocol: TLS
    port: 443
    allowedRoutes:
      namespaces:
        from: Same
    tls:
      mode: Passthrough
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: invalid-backend-ref-nonexistent
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: gateway-tlsroute-invalid-backend-ref-nonexistent
    namespace: gateway-conformance-infra
  hostnames:
  - "example.com"
  rules:
  - backendRefs:
    - name: nonexistent
      namespace: gateway-conformance-infra
      port: 443
`,
  'tlsroute-invalid-backendref-unknown-kind': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-tlsroute-invalid-backend-ref-unknown-kind
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: tls
    protocol: TLS
    port: 443
    allowedRoutes:
      namespaces:
        from: Same
    tls:
      mode: Passthrough
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: invalid-backend-ref-unknown-kind
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: gateway-tlsroute-invalid-backend-ref-unknown-kind
    namespace: gateway-conformance-infra
  hostnames:
  - "example.com"
  rules:
  - backendRefs:
    - group: unknownkind.example.com
      kind: NonExistent
      name: tls-backend
      port: 443
`,
  'tlsroute-invalid-no-matching-listener': `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-tlsroute-tls-passthrough-only
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: tls-passthrough
      protocol: TLS
      port: 443
      allowedRoutes:
        namespaces:
          from: Same
      tls:
        mode: Passthrough
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-tlsroute-http-only
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: http
      port: 80
      protocol: HTTP
      allowedRoutes:
        namespaces:
          from: Same
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-tlsroute-https-only
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      allowedRoutes:
        namespaces:
          from: Same
      tls:
        mode: Terminate
        certificateRefs:
          - name: tls-validity-checks-certificate
            namespace: gateway-conformance-infra
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: tlsroute-not-allowed-protocol-http
  namespace: gateway-conformance-infra
spec:
  parentRefs:
    - name: gateway-tlsroute-http-only
  hostnames:
    - tls.example.com
  rules:
    - backendRefs:
        - name: tls-backend
          port: 443
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: tlsroute-not-allowed-protocol-https
  namespace: gateway-conformance-infra
spec:
  parentRefs:
    - name: gateway-tlsroute-https-only
  hostnames:
    - tls.example.com
  rules:
    - backendRefs:
        - name: tls-backend
          port: 443
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: tlsroute-no-matching-section-name
  namespace: gateway-conformance-infra
spec:
  parentRefs:
    - name: gateway-tlsroute-tls-passthrough-only
      sectionName: nonexistent-listener
  hostnames:
    - tls.example.com
  rules:
    - backendRefs:
        - name: tls-backend
          port: 443
`,
  'tlsroute-invalid-no-matching-listener-hostname': `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-tls-exact-hostname
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: tls
      port: 443
      protocol: TLS
      hostname: "www.example.com"
      allowedRoutes:
        namespaces:
          from: Same
        kinds:
          - kind: TLSRoute
      tls:
        mode: Passthrough
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-tls-wildcard-hostname
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: tls
      port: 443
      protocol: TLS
      hostname: "*.example.com"
      allowedRoutes:
        namespaces:
          from: Same
        kinds:
          - kind: TLSRoute
      tls:
        mode: Passthrough
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: tlsroute-hostname-mismatch-1
  namespace: gateway-conformance-infra
spec:
  parentRefs:
    - name: gateway-tls-exact-hostname
  hostnames:
    - "www.nomatch.com"
    - "*.nomatch.com"
  rules:
    - backendRefs:
        - name: tls-backend
          port: 443
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: tlsroute-hostname-mismatch-2
  namespace: gateway-conformance-infra
spec:
  parentRefs:
    - name: gateway-tls-wildcard-hostname
  hostnames:
    - "www.different.com"
    - "*.different.com"
  rules:
    - backendRefs:
        - name: tls-backend
          port: 443
`,
  'tlsroute-invalid-reference-grant': `---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-namespace
  namespace: gateway-conformance-infra
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: TLSRoute
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Service
      name: tls-backend
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-from-group
  namespace: gateway-conformance-app-backend
spec:
  from:
    - group: not-the-group-youre-looking-for
      kind: TLSRoute
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Service
      name: tls-backend
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-from-kind
  namespace: gateway-conformance-app-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: Gateway
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Service
      name: tls-backend
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-from-namespace
  namespace: gateway-conformance-app-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: TLSRoute
      namespace: not-the-namespace-youre-looking-for
  to:
    - group: ""
      kind: Service
      name: tls-backend
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-to-group
  namespace: gateway-conformance-app-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: TLSRoute
      namespace: gateway-conformance-infra
  to:
    - group: not-the-group-youre-looking-for
      kind: Service
      name: tls-backend
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-to-kind
  namespace: gateway-conformance-app-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: TLSRoute
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Secret
      name: tls-backend
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: reference-grant-wrong-to-name
  namespace: gateway-conformance-app-backend
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: TLSRoute
      namespace: gateway-conformance-infra
  to:
    - group: ""
      kind: Service
      name: not-the-service-youre-looking-for
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: gateway-conformance-infra-test
  namespace: gateway-conformance-infra
spec:
  parentRefs:
    - name: gateway-tlsroute-referencegrant
  hostnames:
    - abc.example.com
  rules:
    - backendRefs:
        - name: tls-backend
          namespace: gateway-conformance-app-backend
          port: 443
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: Gateway
metadata:
  name: gateway-tlsroute-referencegrant
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: https
      port: 443
      protocol: TLS
      hostname: "*.example.com"
      allowedRoutes:
        namespaces:
          from: Same
        kinds:
          - kind: TLSRoute
      tls:
        mode: Passthrough
`,
  'tlsroute-listener-passthrough-supported-kinds': `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-tlsroute-passthrough-supported-kind
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: tls-passthrough
      port: 443
      protocol: TLS
      allowedRoutes:
        namespaces:
          from: Same
        kinds:
          - kind: TCPRoute
          - kind: TLSRoute
      tls:
        mode: Passthrough
`,
  'tlsroute-listener-terminate-supported-kinds': `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-tlsroute-terminate-supported
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
    - name: tls-terminate
      port: 8443
      protocol: TLS
      hostname: terminate.example.com
      allowedRoutes:
        namespaces:
          from: Same
        kinds:
          - kind: TLSRoute
      tls:
        mode: Terminate
        certificateRefs:
          - name: tls-terminate-checks-certificate
`,
  'tlsroute-hostname-intersection': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw-tlsroute-exact-hostname-x-1
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: listener-exact-hostname
    protocol: TLS
    port: 443
    hostname: abc.example.com
    allowedRoutes:
      namespaces:
        from: Same
      kinds:
      - kind: TLSRoute
    tls:
      mode: Passthrough
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw-tlsroute-more-specific-wc-hostname-x-2
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: listener-more-specific-wc-hostname
    protocol: TLS
    port: 443
    hostname: "*.example.com"
    allowedRoutes:
      namespaces:
        from: Same
      kinds:
      - kind: TLSRoute
    tls:
      mode: Passthrough
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw-tlsroute-less-specific-wc-hostname-x-3
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: listener-less-specific-wc-hostname
    protocol: TLS
    port: 443
    hostname: "*.com"
    allowedRoutes:
      namespaces:
        from: Same
      kinds:
      - kind: TLSRoute
    tls:
      mode: Passthrough
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw-tlsroute-empty-hostname-x-4
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: listener-empty-hostname
    protocol: TLS
    port: 443
    allowedRoutes:
      namespaces:
        from: Same
      kinds:
      - kind: TLSRoute
    tls:
      mode: Passthrough
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: tlsroute-more-specific-wc-hostname-x-1
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: gw-tlsroute-exact-hostname-x-1
    namespace: gateway-conformance-infra
  hostnames:
  - "*.example.com"
  rules:
  - backendRefs:
    - name: tls-backend
      port: 443
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: tlsroute-exact-hostname-x-2
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: gw-tlsroute-more-specific-wc-hostname-x-2
    namespace: gateway-conformance-infra
  hostnames:
  - abc.example.com
  rules:
  - backendRefs:
    - name: tls-backend
      port: 443
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: tlsroute-less-specific-wc-hostname-x-2
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: gw-tlsroute-more-specific-wc-hostname-x-2
    namespace: gateway-conformance-infra
  hostnames:
  - "*.com"
  rules:
  - backendRefs:
    - name: tls-backend-2
      port: 443
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: tlsroute-exact-hostname-x-3
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: gw-tlsroute-less-specific-wc-hostname-x-3
    namespace: gateway-conformance-infra
  hostnames:
  - abc.example.com
  rules:
  - backendRefs:
    - name: tls-backend
      port: 443
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: tlsroute-more-specific-wc-hostname-x-3
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: gw-tlsroute-less-specific-wc-hostname-x-3
    namespace: gateway-conformance-infra
  hostnames:
  - "*.example.com"
  rules:
  - backendRefs:
    - name: tls-backend-2
      port: 443
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: tlsroute-exact-hostname-x-4
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: gw-tlsroute-empty-hostname-x-4
    namespace: gateway-conformance-infra
  hostnames:
  - abc.example.com
  rules:
  - backendRefs:
    - name: tls-backend
      port: 443
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: tlsroute-less-specific-wc-hostname-x-4
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: gw-tlsroute-empty-hostname-x-4
    namespace: gateway-conformance-infra
  hostnames:
  - "*.com"
  rules:
  - backendRefs:
    - name: tls-backend-2
      port: 443
`,
  'gateway-modify-listeners': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-add-listener
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: https
    port: 443
    protocol: HTTPS
    hostname: "secure.test.com"
    allowedRoutes:
      namespaces:
        from: All
    tls:
      certificateRefs:
      - group: ""
        kind: Secret
        name: tls-validity-checks-certificate
        namespace: gateway-conformance-infra
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: http-route-1
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - kind: Gateway
    name: gateway-add-listener
    namespace: gateway-conformance-infra
  rules:
  - backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-remove-listener
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: https
    port: 443
    protocol: HTTPS
    hostname: "secure.test.com"
    allowedRoutes:
      namespaces:
        from: All
    tls:
      certificateRefs:
      - group: ""
        kind: Secret
        name: tls-validity-checks-certificate
        namespace: gateway-conformance-infra
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: All
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: http-route-2
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - kind: Gateway
    name: gateway-remove-listener
    namespace: gateway-conformance-infra
  rules:
  - backendRefs:
    - name: infra-backend-v1
      port: 8080
`,
  'backendtlspolicy-invalid-ca-certificate-ref': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backendtlspolicy-invalid-ca-certificate-ref
  namespace: gateway-conformance-infra
spec:
  parentRefs:
    - name: same-namespace
      namespace: gateway-conformance-infra
  hostnames:
    - abc.example.com
  rules:
    - backendRefs:
        - name: backendtlspolicy-nonexistent-ca-certificate-ref-test
          port: 443
      matches:
        - path:
            type: Exact
            value: /backendtlspolicy-nonexistent-ca-certificate-ref
    - backendRefs:
        - name: backendtlspolicy-malformed-ca-certificate-ref-test
          port: 443
      matches:
        - path:
            type: Exact
            value: /backendtlspolicy-malformed-ca-certificate-ref
---
apiVersion: v1
kind: Service
metadata:
  name: backendtlspolicy-nonexistent-ca-certificate-ref-test
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tls-backend
  ports:
    - name: "https"
      protocol: TCP
      appProtocol: HTTPS
      port: 443
      targetPort: 8443
---
apiVersion: v1
kind: Service
metadata:
  name: backendtlspolicy-malformed-ca-certificate-ref-test
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tls-backend
  ports:
    - name: "https"
      protocol: TCP
      appProtocol: HTTPS
      port: 443
      targetPort: 8443
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: nonexistent-ca-certificate-ref
  namespace: gateway-conformance-infra
spec:
  targetRefs:
    - group: ""
      kind: Service
      name: "backendtlspolicy-nonexistent-ca-certificate-ref-test"
  validation:
    caCertificateRefs:
      - group: ""
        kind: ConfigMap
        name: "nonexistent-ca-certificate"
    hostname: "abc.example.com"
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: malformed-ca-certificate-ref
  namespace: gateway-conformance-infra
spec:
  targetRefs:
    - group: ""
      kind: Service
      name: "backendtlspolicy-malformed-ca-certificate-ref-test"
  validation:
    caCertificateRefs:
      - group: ""
        kind: ConfigMap
        name: "malformed-ca-certificate"
    hostname: "abc.example.com"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: malformed-ca-certificate
  namespace: gateway-conformance-infra
data: {}
`,
  'backendtlspolicy-invalid-kind': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backendtlspolicy-invalid-kind-test
  namespace: gateway-conformance-infra
spec:
  parentRefs:
    - name: same-namespace
      namespace: gateway-conformance-infra
  hostnames:
    - abc.example.com
  rules:
    - backendRefs:
        - name: backendtlspolicy-invalid-kind-test
          port: 443
      matches:
        - path:
            type: Exact
            value: /backendtlspolicy-invalid-kind
---
apiVersion: v1
kind: Service
metadata:
  name: backendtlspolicy-invalid-kind-test
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tls-backend
  ports:
    - name: "https"
      protocol: TCP
      appProtocol: HTTPS
      port: 443
      targetPort: 8443
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: invalid-kind
  namespace: gateway-conformance-infra
spec:
  targetRefs:
    - group: ""
      kind: Service
      name: "backendtlspolicy-invalid-kind-test"
  validation:
    caCertificateRefs:
      - group: invalid.io
        kind: InvalidKind
        name: "invalid-kind"
    hostname: "abc.example.com"
`,
  'backendtlspolicy-conflict-resolution': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backendtlspolicy-conflict-resolution
  namespace: gateway-conformance-infra
spec:
  parentRefs:
    - name: same-namespace
  hostnames:
    - abc.example.com
  rules:
    - backendRefs:
        - group: ""
          kind: Service
          name: backendtlspolicy-conflicted-without-section-name-test
          port: 443
      matches:
        - path:
            type: Exact
            value: /backendtlspolicy-conflicted-without-section-name
    - backendRefs:
        - group: ""
          kind: Service
          name: backendtlspolicy-conflicted-with-section-name-test
          port: 443
      matches:
        - path:
            type: Exact
            value: /backendtlspolicy-conflicted-with-section-name
    - backendRefs:
        - group: ""
          kind: Service
          name: backendtlspolicy-not-conflicted-test
          port: 443
      matches:
        - path:
            type: Exact
            value: /backendtlspolicy-not-conflicted-with-section-name
    - backendRefs:
        - group: ""
          kind: Service
          name: backendtlspolicy-not-conflicted-test
          port: 8443
      matches:
        - path:
            type: Exact
            value: /backendtlspolicy-not-conflicted-without-section-name
---
apiVersion: v1
kind: Service
metadata:
  name: backendtlspolicy-conflicted-without-section-name-test
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tls-backend
  ports:
    - name: "https"
      protocol: TCP
      port: 443
      targetPort: 8443
---
apiVersion: v1
kind: Service
metadata:
  name: backendtlspolicy-conflicted-with-section-name-test
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tls-backend
  ports:
    - name: "https-1"
      protocol: TCP
      port: 443
      targetPort: 8443
    - name: "https-2"
      protocol: TCP
      port: 8443
      targetPort: 8443
---
apiVersion: v1
kind: Service
metadata:
  name: backendtlspolicy-not-conflicted-test
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tls-backend
  ports:
    - name: "https-1"
      protocol: TCP
      port: 443
      targetPort: 8443
    - name: "https-2"
      protocol: TCP
      port: 8443
      targetPort: 8443
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: conflicted-without-section-name-1
  namespace: gateway-conformance-infra
spec:
  targetRefs:
    - group: ""
      kind: Service
      name: "backendtlspolicy-conflicted-without-section-name-test"
  validation:
    caCertificateRefs:
      - group: ""
        kind: ConfigMap
        # This ConfigMap is generated dynamically by the test suite.
        # It contains the CA certificate used to sign the tls-backend serving certificate.
        name: "tls-checks-ca-certificate"
    hostname: "other.example.com"
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: conflicted-without-section-name-2
  namespace: gateway-conformance-infra
spec:
  targetRefs:
    - group: ""
      kind: Service
      name: "backendtlspolicy-conflicted-without-section-name-test"
  validation:
    caCertificateRefs:
      - group: ""
        kind: ConfigMap
        # This ConfigMap is generated dynamically by the test suite.
        # It contains the CA certificate used to sign the tls-backend serving certificate.
        name: "tls-checks-ca-certificate"
    hostname: "abc.example.com"
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: conflicted-with-section-name-1
  namespace: gateway-conformance-infra
spec:
  targetRefs:
    - group: ""
      kind: Service
      name: "backendtlspolicy-conflicted-with-section-name-test"
      sectionName: "https-1"
  validation:
    caCertificateRefs:
      - group: ""
        kind: ConfigMap
        # This ConfigMap is generated dynamically by the test suite.
        # It contains the CA certificate used to sign the tls-backend serving certificate.
        name: "tls-checks-ca-certificate"
    hostname: "other.example.com"
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: conflicted-with-section-name-2
  namespace: gateway-conformance-infra
spec:
  targetRefs:
    - group: ""
      kind: Service
      name: "backendtlspolicy-conflicted-with-section-name-test"
      sectionName: "https-1"
  validation:
    caCertificateRefs:
      - group: ""
        kind: ConfigMap
        # This ConfigMap is generated dynamically by the test suite.
        # It contains the CA certificate used to sign the tls-backend serving certificate.
        name: "tls-checks-ca-certificate"
    hostname: "abc.example.com"
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: not-conflicted-with-section-name
  namespace: gateway-conformance-infra
spec:
  targetRefs:
    - group: ""
      kind: Service
      name: "backendtlspolicy-not-conflicted-test"
      sectionName: "https-1"
  validation:
    caCertificateRefs:
      - group: ""
        kind: ConfigMap
        # This ConfigMap is generated dynamically by the test suite.
        # It contains the CA certificate used to sign the tls-backend serving certificate.
        name: "tls-checks-ca-certificate"
    hostname: "other.example.com"
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: not-conflicted-without-section-name
  namespace: gateway-conformance-infra
spec:
  targetRefs:
    - group: ""
      kind: Service
      name: "backendtlspolicy-not-conflicted-test"
  validation:
    caCertificateRefs:
      - group: ""
        kind: ConfigMap
        # This ConfigMap is generated dynamically by the test suite.
        # It contains the CA certificate used to sign the tls-backend serving certificate.
        name: "tls-checks-ca-certificate"
    hostname: "abc.example.com"
`,
  'backendtlspolicy': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backendtlspolicy
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
    namespace: gateway-conformance-infra
  hostnames:
  - abc.example.com
  rules:
  - backendRefs:
    - group: ""
      kind: Service
      name: backendtlspolicy-test
      port: 443
    matches:
    - path:
        type: Exact
        value: /backendtlspolicy
  - backendRefs:
    - group: ""
      kind: Service
      name: backendtlspolicy-host-mismatch-test
      port: 443
    matches:
    - path:
        type: Exact
        value: /backendtlspolicy-host-mismatch
  - backendRefs:
    - group: ""
      kind: Service
      name: backendtlspolicy-cert-mismatch-test
      port: 443
    matches:
    - path:
        type: Exact
        value: /backendtlspolicy-cert-mismatch
  - backendRefs:
    - group: ""
      kind: Service
      name: backendtlspolicy-reconcile-test
      port: 443
    matches:
    - path:
        type: Exact
        value: /backendtlspolicy-reconcile-test

---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backendtlspolicy-reencrypt
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace-with-https-listener
    namespace: gateway-conformance-infra
  hostnames:
  - https-listener.org
  rules:
  - backendRefs:
    - group: ""
      kind: Service
      name: backendtlspolicy-test
      port: 443
    matches:
    - path:
        type: Exact
        value: /backendtlspolicy
---
apiVersion: v1
kind: Service
metadata:
  name: backendtlspolicy-test
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tls-backend
  ports:
  - name: "btls"
    protocol: TCP
    port: 443
    targetPort: 8443
---
apiVersion: v1
kind: Service
metadata:
  name: backendtlspolicy-host-mismatch-test
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tls-backend
  ports:
  - name: "btls"
    protocol: TCP
    appProtocol: HTTPS
    port: 443
    targetPort: 8443
---
apiVersion: v1
kind: Service
metadata:
  name: backendtlspolicy-cert-mismatch-test
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tls-backend
  ports:
  - name: "btls"
    protocol: TCP
    appProtocol: HTTPS
    port: 443
    targetPort: 8443
---
apiVersion: v1
kind: Service
metadata:
  name: backendtlspolicy-reconcile-test
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tls-backend
  ports:
  - name: "btls"
    protocol: TCP
    port: 443
    targetPort: 8443
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: normative-test
  namespace: gateway-conformance-infra
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: "backendtlspolicy-test"
    sectionName: "btls"
  validation:
    caCertificateRefs:
    - group: ""
      kind: ConfigMap
      # This ConfigMap is generated dynamically by the test suite.
      # It contains the CA certificate used to sign the tls-backend serving certificate.
      name: "tls-checks-ca-certificate"
    hostname: "abc.example.com"
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: host-mismatch
  namespace: gateway-conformance-infra
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: "backendtlspolicy-host-mismatch-test"
    sectionName: "btls"
  validation:
    caCertificateRefs:
    - group: ""
      kind: ConfigMap
      # This ConfigMap is generated dynamically by the test suite.
      # It contains the CA certificate used to sign the tls-backend serving certificate.
      name: "tls-checks-ca-certificate"
    hostname: "mismatch.example.com"
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: cert-mismatch
  namespace: gateway-conformance-infra
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: "backendtlspolicy-cert-mismatch-test"
    sectionName: "btls"
  validation:
    caCertificateRefs:
    - group: ""
      kind: ConfigMap
      # This ConfigMap is generated dynamically by the test suite.
      # It contains a random, unused CA certificate to force validation to fail.
      name: "mismatch-ca-certificate"
    hostname: "abc.example.com"
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: reconcile-test
  namespace: gateway-conformance-infra
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: "backendtlspolicy-reconcile-test"
    sectionName: "btls"
  validation:
    caCertificateRefs:
    - group: ""
      kind: ConfigMap
      # This will point to a test-specific ConfigMap
      name: "tls-checks-ca-certificate"
    hostname: "abc.example.com"

`,
  'backendtlspolicy-san': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backendtlspolicy-san-test
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
    namespace: gateway-conformance-infra
  hostnames:
  - abc.example.com
  rules:
  - backendRefs:
    - group: ""
      kind: Service
      name: backendtlspolicy-san-dns-test
      port: 443
    matches:
    - path:
        type: Exact
        value: /backendtlspolicy-san-dns
  - backendRefs:
    - group: ""
      kind: Service
      name: backendtlspolicy-san-dns-mismatch-test
      port: 443
    matches:
    - path:
        type: Exact
        value: /backendtlspolicy-san-dns-mismatch
  - backendRefs:
    - group: ""
      kind: Service
      name: backendtlspolicy-san-uri-test
      port: 443
    matches:
    - path:
        type: Exact
        value: /backendtlspolicy-san-uri
  - backendRefs:
    - group: ""
      kind: Service
      name: backendtlspolicy-san-uri-mismatch-test
      port: 443
    matches:
    - path:
        type: Exact
        value: /backendtlspolicy-san-uri-mismatch
  - backendRefs:
    - group: ""
      kind: Service
      name: backendtlspolicy-multiple-sans-test
      port: 443
    matches:
    - path:
        type: Exact
        value: /backendtlspolicy-multiple-sans
  - backendRefs:
    - group: ""
      kind: Service
      name: backendtlspolicy-multiple-mismatch-sans-test
      port: 443
    matches:
    - path:
        type: Exact
        value: /backendtlspolicy-multiple-mismatch-sans
---
apiVersion: v1
kind: Service
metadata:
  name: backendtlspolicy-san-dns-test
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tls-backend
  ports:
  - name: "btls"
    protocol: TCP
    port: 443
    targetPort: 8443
---
apiVersion: v1
kind: Service
metadata:
  name: backendtlspolicy-san-dns-mismatch-test
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tls-backend
  ports:
  - name: "btls"
    protocol: TCP
    appProtocol: HTTPS
    port: 443
    targetPort: 8443
---
apiVersion: v1
kind: Service
metadata:
  name: backendtlspolicy-san-uri-test
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tls-backend
  ports:
  - name: "btls"
    protocol: TCP
    appProtocol: HTTPS
    port: 443
    targetPort: 8443
---
apiVersion: v1
kind: Service
metadata:
  name: backendtlspolicy-san-uri-mismatch-test
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tls-backend
  ports:
  - name: "btls"
    protocol: TCP
    appProtocol: HTTPS
    port: 443
    targetPort: 8443
---
apiVersion: v1
kind: Service
metadata:
  name: backendtlspolicy-multiple-sans-test
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tls-backend
  ports:
  - name: "btls"
    protocol: TCP
    appProtocol: HTTPS
    port: 443
    targetPort: 8443
---
apiVersion: v1
kind: Service
metadata:
  name: backendtlspolicy-multiple-mismatch-sans-test
  namespace: gateway-conformance-infra
spec:
  selector:
    app: tls-backend
  ports:
  - name: "btls"
    protocol: TCP
    appProtocol: HTTPS
    port: 443
    targetPort: 8443
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: san-dns
  namespace: gateway-conformance-infra
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: backendtlspolicy-san-dns-test
    sectionName: "btls"
  validation:
    caCertificateRefs:
    - group: ""
      kind: ConfigMap
      # This ConfigMap is generated dynamically by the test suite.
      # It contains the CA certificate used to sign the tls-backend serving certificate.
      name: "tls-checks-ca-certificate"
    hostname: "abc.example.com"
    subjectAltNames:
    - type: "Hostname"
      hostname: "abc.example.com"
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: san-dns-mismatch
  namespace: gateway-conformance-infra
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: backendtlspolicy-san-dns-mismatch-test
    sectionName: "btls"
  validation:
    caCertificateRefs:
    - group: ""
      kind: ConfigMap
      # This ConfigMap is generated dynamically by the test suite.
      # It contains the CA certificate used to sign the tls-backend serving certificate.
      name: "tls-checks-ca-certificate"
    hostname: "abc.example.com"
    subjectAltNames:
    - type: "Hostname"
      hostname: "dce.example.com"
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: san-uri
  namespace: gateway-conformance-infra
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: backendtlspolicy-san-uri-test
    sectionName: "btls"
  validation:
    caCertificateRefs:
    - group: ""
      kind: ConfigMap
      # This ConfigMap is generated dynamically by the test suite.
      # It contains the CA certificate used to sign the tls-backend serving certificate.
      name: "tls-checks-ca-certificate"
    hostname: "abc.example.com"
    subjectAltNames:
    - type: "URI"
      uri: "spiffe://abc.example.com/test-identity"
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: san-uri-mismatch
  namespace: gateway-conformance-infra
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: backendtlspolicy-san-uri-mismatch-test
    sectionName: "btls"
  validation:
    caCertificateRefs:
    - group: ""
      kind: ConfigMap
      # This ConfigMap is generated dynamically by the test suite.
      # It contains the CA certificate used to sign the tls-backend serving certificate.
      name: "tls-checks-ca-certificate"
    hostname: "abc.example.com"
    subjectAltNames:
    - type: "URI"
      uri: "spiffe://def.example.com/test-identity"
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: multiple-sans
  namespace: gateway-conformance-infra
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: backendtlspolicy-multiple-sans-test
    sectionName: "btls"
  validation:
    caCertificateRefs:
    - group: ""
      kind: ConfigMap
      # This ConfigMap is generated dynamically by the test suite.
      # It contains the CA certificate used to sign the tls-backend serving certificate.
      name: "tls-checks-ca-certificate"
    hostname: "abc.example.com"
    subjectAltNames:
    - type: "URI"
      uri: "spiffe://abc.example.com/test-identity"
    - type: "Hostname"
      hostname: "abc.example.com"
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: multiple-mismatch-sans
  namespace: gateway-conformance-infra
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: backendtlspolicy-multiple-mismatch-sans-test
    sectionName: "btls"
  validation:
    caCertificateRefs:
    - group: ""
      kind: ConfigMap
      # This ConfigMap is generated dynamically by the test suite.
      # It contains the CA certificate used to sign the tls-backend serving certificate.
      name: "tls-checks-ca-certificate"
    hostname: "abc.example.com"
    subjectAltNames:
    - type: "URI"
      uri: "spiffe://def.example.com/test-identity"
    - type: "Hostname"
      hostname: "def.example.com"
`,
  'httproute-listener-port-matching': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: httproute-listener-port-matching
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: listener-1
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: foo.com
  - name: listener-2
    port: 8080
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: foo.com
  - name: listener-3
    port: 8080
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: bar.com
  - name: listener-4
    port: 8090
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: foo.com
  - name: listener-5
    port: 8090
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Same
    hostname: bar.com
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backend-v1
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-listener-port-matching
    namespace: gateway-conformance-infra
    port: 80
  rules:
  - backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backend-v2
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-listener-port-matching
    namespace: gateway-conformance-infra
    port: 8080
  rules:
  - backendRefs:
    - name: infra-backend-v2
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backend-v3
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: httproute-listener-port-matching
    namespace: gateway-conformance-infra
    port: 8090
    sectionName: listener-4
  rules:
  - backendRefs:
    - name: infra-backend-v3
      port: 8080
`,
  'gateway-http-listener-isolation': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: http-listener-isolation
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: empty-hostname
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: All
  - name: wildcard-example-com
    port: 80
    protocol: HTTP
    hostname: "*.example.com"
    allowedRoutes:
      namespaces:
        from: All
  - name: wildcard-foo-example-com
    port: 80
    protocol: HTTP
    hostname: "*.foo.example.com"
    allowedRoutes:
      namespaces:
        from: All
  - name: abc-foo-example-com
    port: 80
    protocol: HTTP
    hostname: "abc.foo.example.com"
    allowedRoutes:
      namespaces:
        from: All
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: attaches-to-empty-hostname
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: http-listener-isolation
    namespace: gateway-conformance-infra
    sectionName: empty-hostname
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /empty-hostname
    backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: attaches-to-wildcard-example-com
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: http-listener-isolation
    namespace: gateway-conformance-infra
    sectionName: wildcard-example-com
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /wildcard-example-com
    backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: attaches-to-wildcard-foo-example-com
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: http-listener-isolation
    namespace: gateway-conformance-infra
    sectionName: wildcard-foo-example-com
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /wildcard-foo-example-com
    backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: attaches-to-abc-foo-example-com
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: http-listener-isolation
    namespace: gateway-conformance-infra
    sectionName: abc-foo-example-com
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /abc-foo-example-com
    backendRefs:
    - name: infra-backend-v1
      port: 8080
`,
  'gateway-http-listener-isolation-with-hostname-intersection': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: http-listener-isolation-with-hostname-intersection
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: empty-hostname
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: All
  - name: wildcard-example-com
    port: 80
    protocol: HTTP
    hostname: "*.example.com"
    allowedRoutes:
      namespaces:
        from: All
  - name: wildcard-foo-example-com
    port: 80
    protocol: HTTP
    hostname: "*.foo.example.com"
    allowedRoutes:
      namespaces:
        from: All
  - name: abc-foo-example-com
    port: 80
    protocol: HTTP
    hostname: "abc.foo.example.com"
    allowedRoutes:
      namespaces:
        from: All
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: attaches-to-empty-hostname-with-hostname-intersection
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: http-listener-isolation-with-hostname-intersection
    namespace: gateway-conformance-infra
    sectionName: empty-hostname
  hostnames:
  - "bar.com"
  - "*.example.com" # request matching is prevented by the isolation wildcard-example-com listener
  - "*.foo.example.com" # request matching is prevented by the isolation wildcard-foo-example-com listener
  - "abc.foo.example.com" # request matching is prevented by the isolation of abc-foo-example-com listener
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /empty-hostname
    backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: attaches-to-wildcard-example-com-with-hostname-intersection
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: http-listener-isolation-with-hostname-intersection
    namespace: gateway-conformance-infra
    sectionName: wildcard-example-com
  hostnames:
  - "bar.com" # doesn't match wildcard-example-com listener
  - "*.example.com"
  - "*.foo.example.com" # request matching is prevented by the isolation of wildcard-foo-example-com listener
  - "abc.foo.example.com" # request matching is prevented by the isolation of abc-foo-example-com listener
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /wildcard-example-com
    backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: attaches-to-wildcard-foo-example-com-with-hostname-intersection
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: http-listener-isolation-with-hostname-intersection
    namespace: gateway-conformance-infra
    sectionName: wildcard-foo-example-com
  hostnames:
  - "bar.com" # doesn't match wildcard-foo-example-com listener
  - "*.example.com" # this becomes *.foo.example.com, as the hostname cannot be less specific than *.foo.example.com of the listener
  - "*.foo.example.com"
  - "abc.foo.example.com" # request matching is prevented by the isolation abc-foo-example-com listener
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /wildcard-foo-example-com
    backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: attaches-to-abc-foo-example-com-with-hostname-intersection
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: http-listener-isolation-with-hostname-intersection
    namespace: gateway-conformance-infra
    sectionName: abc-foo-example-com
  hostnames:
  - "bar.com" # doesn't match abc-foo-example-com listener
  - "*.example.com" # becomes abc.foo.example.com as it cannot be less specific than abc.foo.example.com of the listener
  - "*.foo.example.com" # becomes abc.foo.example.com as it cannot be less specific than abc.foo.example.com of the listener
  - "abc.foo.example.com"
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /abc-foo-example-com
    backendRefs:
    - name: infra-backend-v1
      port: 8080
`,
  'listenerset-http-routing': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-with-listener-sets-http-routing
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: gateway-listener-1
    port: 80
    protocol: HTTP
    hostname: "gateway-listener-1.com"
    allowedRoutes:
      namespaces:
        from: All
  - name: gateway-listener-2
    port: 80
    protocol: HTTP
    hostname: "gateway-listener-2.com"
    allowedRoutes:
      namespaces:
        from: All
  allowedListeners:
    namespaces:
      from: All
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listener-set-http-routing-1
  namespace: gateway-conformance-infra
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-with-listener-sets-http-routing
    namespace: gateway-conformance-infra
  listeners:
  - name: listener-set-http-routing-1-listener-1
    port: 80
    protocol: HTTP
    hostname: "listener-set-http-routing-1-listener-1.com"
    allowedRoutes:
      namespaces:
        from: All
  - name: listener-set-http-routing-1-listener-2
    port: 80
    protocol: HTTP
    hostname: "listener-set-http-routing-1-listener-2.com"
    allowedRoutes:
      namespaces:
        from: All
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: listener-set-http-routing-2
  namespace: gateway-conformance-infra
spec:
  parentRef:
    kind: Gateway
    group: gateway.networking.k8s.io
    name: gateway-with-listener-sets-http-routing
    namespace: gateway-conformance-infra
  listeners:
  - name: listener-set-http-routing-2-listener-1
    port: 80
    protocol: HTTP
    hostname: "listener-set-http-routing-2-listener-1.com"
    allowedRoutes:
      namespaces:
        from: All
  - name: listener-set-http-routing-2-listener-2
    port: 80
    protocol: HTTP
    hostname: "listener-set-http-routing-2-listener-2.com"
    allowedRoutes:
      namespaces:
        from: All
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: attaches-to-all-listeners
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: gateway-with-listener-sets-http-routing
    namespace: gateway-conformance-infra
  - kind: ListenerSet
    group: gateway.networking.k8s.io
    name: listener-set-http-routing-1
    namespace: gateway-conformance-infra
  - kind: ListenerSet
    group: gateway.networking.k8s.io
    name: listener-set-http-routing-2
    namespace: gateway-conformance-infra
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /route
    backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: gateway-route
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: gateway-with-listener-sets-http-routing
    namespace: gateway-conformance-infra
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /gateway-route
    backendRefs:
    - name: infra-backend-v2
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: gateway-section-route
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: gateway-with-listener-sets-http-routing
    namespace: gateway-conformance-infra
    sectionName: gateway-listener-1
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /gateway-section-route
    backendRefs:
    - name: infra-backend-v3
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: listener-set-http-routing-1-route
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - kind: ListenerSet
    group: gateway.networking.k8s.io
    name: listener-set-http-routing-1
    namespace: gateway-conformance-infra
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /listener-set-http-routing-1-route
    backendRefs:
    - name: infra-backend-v2
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: listener-set-http-routing-1-section-route
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - kind: ListenerSet
    group: gateway.networking.k8s.io
    name: listener-set-http-routing-1
    namespace: gateway-conformance-infra
    sectionName: listener-set-http-routing-1-listener-1
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /listener-set-http-routing-1-section-route
    backendRefs:
    - name: infra-backend-v3
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: listener-set-http-routing-2-route
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - kind: ListenerSet
    group: gateway.networking.k8s.io
    name: listener-set-http-routing-2
    namespace: gateway-conformance-infra
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /listener-set-http-routing-2-route
    backendRefs:
    - name: infra-backend-v2
      port: 8080
`,
  'tlsroute-simple-same-namespace': `apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: gateway-conformance-infra-test
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: gateway-tlsroute
    namespace: gateway-conformance-infra
  hostnames:
  - abc.example.com
  rules:
  - backendRefs:
    - name: tcp-backend
      port: 8443
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: Gateway
metadata:
  name: gateway-tlsroute
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: https
    port: 443
    protocol: TLS
    hostname: "*.example.com"
    allowedRoutes:
      namespaces:
        from: Same
      kinds:
      - kind: TLSRoute
    tls:
      mode: Passthrough
`,
  'tlsroute-terminate-simple-same-namespace': `apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: tlsroute-terminated-test
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: gateway-tlsroute-terminate
    namespace: gateway-conformance-infra
  hostnames:
  - tls.example.com
  rules:
  - backendRefs:
    - name: tcp-backend
      port: 3000 # Plain text port
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-tlsroute-terminate
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: tlsterminate
    port: 8443
    protocol: TLS
    hostname: tls.example.com
    allowedRoutes:
      namespaces:
        from: Same
      kinds:
      - kind: TLSRoute
    tls:
      mode: Terminate
      certificateRefs:
      - name: tls-terminate-checks-certificate
---
`,
  'tlsroute-mixed-termination-same-namespace': `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gateway-tlsroute-mixed-termination
  namespace: gateway-conformance-infra
spec:
  gatewayClassName: "{GATEWAY_CLASS_NAME}"
  listeners:
  - name: tls-terminate
    port: 8883
    protocol: TLS
    hostname: tls.example.com # This is the valid cert SAN
    allowedRoutes:
      namespaces:
        from: Same
      kinds:
      - kind: TLSRoute
    tls:
      mode: Terminate
      certificateRefs:
      - name: tls-terminate-checks-certificate
  - name: tls-passthrough
    port: 8883
    protocol: TLS
    hostname: abc.example.com # This is the valid cert on backend
    allowedRoutes:
      namespaces:
        from: Same
      kinds:
      - kind: TLSRoute
    tls:
      mode: Passthrough
---
# Route for Passthrough
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: gateway-conformance-mixed-passthroughroute
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: gateway-tlsroute-mixed-termination
    namespace: gateway-conformance-infra
  hostnames:
  - abc.example.com
  rules:
  - backendRefs:
    - name: tcp-backend
      port: 8443
---
# TLSRoute and service for the terminated TCP service
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: gateway-conformance-mixed-terminateroute
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: gateway-tlsroute-mixed-termination
    namespace: gateway-conformance-infra
  hostnames:
  - tls.example.com
  rules:
  - backendRefs:
    - name: tcp-backend
      port: 3000
---
`,
  'httproute-https-listener': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: httproute-https-test
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace-with-https-listener
  hostnames:
  - example.org
  rules:
  - backendRefs:
    - name: infra-backend-v1
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: httproute-https-test-no-hostname
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace-with-https-listener
    sectionName: https-with-hostname
  rules:
  - backendRefs:
    - name: infra-backend-v2
      port: 8080
`,
  'httproute-service-types': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: service-types
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - matches: [{path: {type: Exact, value: /manual-endpointslices}}]
    backendRefs: [{name: manual-endpointslices, port: 8080}]
  - matches: [{path: {type: Exact, value: /headless}}]
    backendRefs: [{name: headless, port: 8080}]
  - matches: [{path: {type: Exact, value: /headless-manual-endpointslices}}]
    backendRefs: [{name: headless-manual-endpointslices, port: 8080}]
---
apiVersion: v1
kind: Service
metadata:
  name: manual-endpointslices
  namespace: gateway-conformance-infra
spec:
  ports:
  - name: first-port
    protocol: TCP
    port: 8080
    targetPort: 3000
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: manual-endpointslices-ip4
  namespace: gateway-conformance-infra
  labels:
    kubernetes.io/service-name: manual-endpointslices
addressType: IPv4
ports:
- name: first-port
  port: 3000
  protocol: TCP
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: manual-endpointslices-ip6
  namespace: gateway-conformance-infra
  labels:
    kubernetes.io/service-name: manual-endpointslices
addressType: IPv6
ports:
- name: first-port
  port: 3000
  protocol: TCP
---
apiVersion: v1
kind: Service
metadata:
  name: headless
  namespace: gateway-conformance-infra
spec:
  clusterIP: None
  selector:
    app: infra-backend-v1
  ports:
  - name: first-port
    protocol: TCP
    port: 8080
    targetPort: 3000
---
apiVersion: v1
kind: Service
metadata:
  name: headless-manual-endpointslices
  namespace: gateway-conformance-infra
spec:
  clusterIP: None
  ports:
  - name: first-port
    protocol: TCP
    port: 8080
    targetPort: 3000
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: headless-manual-endpointslices-ip4
  namespace: gateway-conformance-infra
  labels:
    kubernetes.io/service-name: headless-manual-endpointslices
addressType: IPv4
ports:
- name: first-port
  port: 3000
  protocol: TCP
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: headless-manual-endpointslices-ip6
  namespace: gateway-conformance-infra
  labels:
    kubernetes.io/service-name: headless-manual-endpointslices
addressType: IPv6
ports:
- name: first-port
  port: 3000
  protocol: TCP
`,
  'httproute-backend-protocol-h2c': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backend-protocol-h2c
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - backendRefs:
    # This points to a Service with the following ServicePort
    # - protocol: TCP
    #   appProtocol: kubernetes.io/h2c
    #   port: 8081
    #   targetPort: 3001
    - name: infra-backend-v1
      port: 8081
`,
  'httproute-backend-protocol-websocket': `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: backend-protocol-ws
  namespace: gateway-conformance-infra
spec:
  parentRefs:
  - name: same-namespace
  rules:
  - backendRefs:
    # This points to a Service with the following ServicePort
    # - name: third-port
    #   appProtocol: kubernetes.io/ws
    #   protocol: TCP
    #   port: 8082
    #   targetPort: 3000
    - name: infra-backend-v1
      port: 8082
`,
};

/** A test's manifests after the base, the suite's objects and istiod, in Istio's class (the --gateway-class Istio passes). */
export const conformanceManifests = (...tests: string[]) => [BASE_MANIFESTS, SUITE_OBJECTS, ISTIOD, ...tests.map((test) => {
  const manifests = TEST_MANIFESTS[test];
  if (manifests === undefined) throw new Error(`no manifests transcribed for ${test}`);
  return manifests;
})].join('\n---\n').replaceAll('{GATEWAY_CLASS_NAME}', 'istio');
