{{/* The release's base name, trimmed to leave room for a service suffix. */}}
{{- define "parley.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one service's resources. Call with (dict "root" $ "service" "gateway"). */}}
{{- define "parley.serviceName" -}}
{{- printf "%s-%s" (include "parley.fullname" .root) .service | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "parley.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: parley
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
{{ include "parley.selectorLabels" . }}
{{- end -}}

{{- define "parley.selectorLabels" -}}
app.kubernetes.io/name: {{ .service }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ default "service" .component }}
{{- end -}}

{{- define "parley.image" -}}
{{- $image := .root.Values.image -}}
{{- printf "%s/%s/%s:%s" $image.registry $image.repository .service (default .root.Chart.AppVersion $image.tag) -}}
{{- end -}}

{{/* The services whose admin APIs the gateway calls over HTTP, with the variable that carries each URL. */}}
{{- define "parley.gatewayCalls" -}}
archive: PARLEY_ARCHIVE_URL
compliance-filter: PARLEY_COMPLIANCE_FILTER_URL
ivr-menu: PARLEY_IVR_MENU_URL
reporting: PARLEY_REPORTING_URL
routing: PARLEY_ROUTING_URL
{{- end -}}

{{/* Services with an admin API, so they need the shared admin token. */}}
{{- define "parley.adminServices" -}}
[gateway, compliance-filter, ivr-menu, routing, archive, reporting]
{{- end -}}

{{- define "parley.adminTokenSecretName" -}}
{{- if .Values.adminToken.existingSecret -}}
{{- .Values.adminToken.existingSecret -}}
{{- else -}}
{{- printf "%s-admin-token" (include "parley.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "parley.adminTokenSecretKey" -}}
{{- if .Values.adminToken.existingSecret -}}
{{- .Values.adminToken.existingSecretKey -}}
{{- else -}}
PARLEY_ADMIN_TOKEN
{{- end -}}
{{- end -}}

{{/* The Secret holding one service's sensitive settings. */}}
{{- define "parley.serviceSecretName" -}}
{{- $config := index .root.Values.services .service -}}
{{- if $config.secret.existingSecret -}}
{{- $config.secret.existingSecret -}}
{{- else -}}
{{- /* "-env" keeps it apart from the Secret Strimzi writes for the service's KafkaUser. */ -}}
{{- printf "%s-env" (include "parley.serviceName" .) -}}
{{- end -}}
{{- end -}}

{{/* Egress every Parley pod needs: DNS. */}}
{{- define "parley.dnsEgress" -}}
- to:
    {{- toYaml .Values.networkPolicy.dns.to | nindent 4 }}
  ports:
    - { protocol: UDP, port: 53 }
    - { protocol: TCP, port: 53 }
{{- end -}}

{{- define "parley.databaseEgress" -}}
- ports:
    {{- range .Values.networkPolicy.database.ports }}
    - { protocol: TCP, port: {{ . }} }
    {{- end }}
  {{- with .Values.networkPolicy.database.to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
