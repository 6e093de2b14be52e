/** `/setup`: the Quick Setup form. Errors are shown next to their fields and summarised at the top. */
import { html, type SafeHtml } from '../html.js';

export const FORMATS = ['CSV', 'JSON', 'PARQUET', 'AVRO', 'ORC'] as const;

export interface SetupValues {
  user: string;
  location: string;
  format: string;
  csvDelimiter: string;
  csvHeader: string;
  columns: string;
  awsRoleArn: string;
  azureTenantId: string;
  namesIntegration: string;
  namesFormat: string;
  namesStage: string;
  namesTable: string;
}

export const EMPTY_SETUP: SetupValues = {
  user: '',
  location: '',
  format: 'CSV',
  csvDelimiter: ',',
  csvHeader: 'yes',
  columns: '',
  awsRoleArn: '',
  azureTenantId: '',
  namesIntegration: '',
  namesFormat: '',
  namesStage: '',
  namesTable: '',
};

export type SetupErrors = Partial<Record<keyof SetupValues | 'names' | 'form', string[]>>;

const LABELS: Record<keyof SetupValues | 'names' | 'form', string> = {
  user: 'Your name',
  location: 'Location',
  format: 'Format',
  csvDelimiter: 'Field delimiter',
  csvHeader: 'Header row',
  columns: 'Columns',
  awsRoleArn: 'AWS role ARN',
  azureTenantId: 'Azure tenant id',
  namesIntegration: 'Integration name',
  namesFormat: 'File format name',
  namesStage: 'Stage name',
  namesTable: 'External table name',
  names: 'Object names',
  form: 'Plan',
};

function errorList(field: string, messages: string[] | undefined): SafeHtml {
  if (!messages?.length) return html``;
  return html`<p class="field-error" id="${field}-error">${messages.map((m, i) => html`${i ? html`<br>` : ''}${m}`)}</p>`;
}

function describedBy(field: string, errors: SetupErrors, hint: boolean): SafeHtml {
  const ids = [
    hint ? `${field}-hint` : '',
    errors[field as keyof SetupErrors]?.length ? `${field}-error` : '',
  ].filter(Boolean);
  return ids.length ? html` aria-describedby="${ids.join(' ')}"` : html``;
}

function invalid(field: string, errors: SetupErrors): SafeHtml {
  return errors[field as keyof SetupErrors]?.length ? html` aria-invalid="true"` : html``;
}

function textField(
  field: keyof SetupValues,
  values: SetupValues,
  errors: SetupErrors,
  opts: { hint?: string; required?: boolean; placeholder?: string; maxlength?: number } = {},
): SafeHtml {
  return html`<div class="field">
  <label for="${field}">${LABELS[field]}${opts.required ? html` <span class="required">(required)</span>` : ''}</label>
  <input id="${field}" name="${field}" type="text" value="${values[field]}" maxlength="${opts.maxlength ?? 500}"
    ${opts.required ? html`required` : ''} ${opts.placeholder ? html`placeholder="${opts.placeholder}"` : ''}${describedBy(field, errors, Boolean(opts.hint))}${invalid(field, errors)}>
  ${opts.hint ? html`<p class="hint" id="${field}-hint">${opts.hint}</p>` : ''}
  ${errorList(field, errors[field])}
</div>`;
}

export function setupBody(values: SetupValues, errors: SetupErrors, csrf: string): SafeHtml {
  const all = Object.entries(errors).flatMap(([field, messages]) =>
    (messages ?? []).map((m) => ({
      field,
      label: LABELS[field as keyof typeof LABELS] ?? field,
      message: m,
    })),
  );
  return html`<h1>Quick Setup</h1>
<p class="lead">Everything for a pipeline in one form, no conversation needed. Submitting proposes a plan in a new chat thread, where an approver approves it.</p>
${
  all.length
    ? html`<div class="callout callout-failed" role="alert" id="error-summary" tabindex="-1">
  <h2>Please fix ${all.length === 1 ? 'this problem' : `these ${all.length} problems`}</h2>
  <ul>${all.map((e) => html`<li>${e.field === 'form' ? e.message : html`<a href="#${e.field === 'names' ? 'namesIntegration' : e.field}">${e.label}</a>: ${e.message}`}</li>`)}</ul>
</div>`
    : ''
}
<form class="setup" method="post" action="/setup" novalidate>
  <input type="hidden" name="_csrf" value="${csrf}">
  ${textField('user', values, errors, { required: true, hint: 'You are recorded as local:<name> (requester of the plan).', maxlength: 64 })}
  <fieldset>
    <legend>Files</legend>
    ${textField('location', values, errors, { required: true, placeholder: 's3://bucket/path/', hint: 'The folder holding the files: s3://, gcs:// or azure://…', maxlength: 1000 })}
    <div class="field">
      <label for="format">${LABELS.format}</label>
      <select id="format" name="format"${describedBy('format', errors, false)}${invalid('format', errors)}>
        ${FORMATS.map((f) => html`<option value="${f}"${values.format === f ? html` selected` : ''}>${f}</option>`)}
      </select>
      ${errorList('format', errors.format)}
    </div>
    ${textField('columns', values, errors, { required: true, placeholder: 'id NUMBER, name VARCHAR, date DATE', hint: 'Comma-separated; types are inferred from names when left out (id, name, date).', maxlength: 5000 })}
  </fieldset>
  <fieldset>
    <legend>CSV options</legend>
    ${textField('csvDelimiter', values, errors, { hint: 'One character, e.g. , or ; or | (CSV only).', maxlength: 10 })}
    <div class="field">
      <label for="csvHeader">${LABELS.csvHeader}</label>
      <select id="csvHeader" name="csvHeader">
        <option value="yes"${values.csvHeader !== 'no' ? html` selected` : ''}>Yes: the first line holds column names (skipped)</option>
        <option value="no"${values.csvHeader === 'no' ? html` selected` : ''}>No: every line is data</option>
      </select>
    </div>
  </fieldset>
  <fieldset>
    <legend>Credentials</legend>
    ${textField('awsRoleArn', values, errors, { placeholder: 'arn:aws:iam::123456789012:role/snowflake-access', hint: 'S3: the IAM role Snowflake assumes.' })}
    ${textField('azureTenantId', values, errors, { hint: 'Azure: your tenant id (a GUID).' })}
  </fieldset>
  <fieldset${errors.names?.length ? html` aria-describedby="names-error"` : ''}>
    <legend>Object names (optional; derived from the location when empty)</legend>
    ${errorList('names', errors.names)}
    ${textField('namesIntegration', values, errors)}
    ${textField('namesFormat', values, errors)}
    ${textField('namesStage', values, errors)}
    ${textField('namesTable', values, errors)}
  </fieldset>
  <div class="actions"><button type="submit">Propose the plan</button></div>
</form>`;
}
