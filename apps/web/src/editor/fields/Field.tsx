/**
 * One property control, chosen by the field's kind. Each writes through
 * setProp as the person types (the canvas follows at once); values the
 * registry would refuse (a number out of range, a bad colour) stay in the
 * control, marked invalid, until they are fixed or the control loses focus.
 */
import { checkFieldValue, type FieldDefinition, type Json, type NumberField } from '@tandem/protocol';
import { memo, useId, useRef } from 'react';
import { safeColor, toColorInputValue } from '../../lib/color.ts';
import { isUnsafeUrl } from '@tandem/render';
import { useEditorStore } from '../store-hooks.ts';
import { Icon } from '../icons.tsx';
import { ImageUpload } from './ImageUpload.tsx';
import { useDraft, useTextDraft } from './useDraft.ts';

interface FieldProps {
  componentId: string;
  /** A multi-selection of one type: a change sets this prop on all of them, as one step. */
  componentIds?: readonly string[];
  name: string;
  field: FieldDefinition;
  value: Json | undefined;
}

export const Field = memo(function Field({ componentId, componentIds, name, field, value }: FieldProps) {
  const api = useEditorStore();
  const inputId = useId();
  const set = (next: Json) =>
    componentIds === undefined ? api.getState().setProp(componentId, name, next) : api.getState().setProps(componentIds, name, next);
  const testId = `prop-field-${name}`;

  let control: React.ReactNode;
  switch (field.kind) {
    case 'text':
    case 'url':
      control = <TextControl id={inputId} testId={testId} value={asString(value)} url={field.kind === 'url'} onChange={set} />;
      if (field.kind === 'url' && field.image) {
        control = (
          <ImageUpload name={name} onUploaded={set}>
            {control}
          </ImageUpload>
        );
      }
      break;
    case 'textarea':
      control = <TextControl id={inputId} testId={testId} value={asString(value)} multiline onChange={set} />;
      break;
    case 'number':
      control = (
        <NumberControl
          id={inputId}
          testId={testId}
          field={field}
          value={typeof value === 'number' ? value : field.default}
          onChange={set}
        />
      );
      break;
    case 'select':
      control = (
        <select id={inputId} data-testid={testId} className="input" value={asString(value)} onChange={(event) => set(event.target.value)}>
          {field.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'color':
      control = <ColorControl id={inputId} testId={testId} label={field.label} value={asString(value)} onChange={set} />;
      break;
    case 'boolean':
      return (
        <div className="field field--switch">
          <label className="switch" htmlFor={inputId}>
            <input
              id={inputId}
              data-testid={testId}
              type="checkbox"
              role="switch"
              aria-checked={value === true}
              checked={value === true}
              onChange={(event) => set(event.target.checked)}
            />
            <span className="switch__track" aria-hidden="true" />
            <span className="field__label">{field.label}</span>
          </label>
        </div>
      );
    case 'list':
      return (
        <fieldset className="field">
          <legend className="field__label">{field.label}</legend>
          <ListControl testId={testId} label={field.label} value={Array.isArray(value) ? value.map(asString) : []} onChange={set} />
        </fieldset>
      );
    case 'style':
    case 'theme':
      // Not a single control: the Style tab edits these (SPEC S1, S7).
      return null;
  }
  return (
    <div className="field">
      <label className="field__label" htmlFor={inputId}>
        {field.label}
      </label>
      {control}
    </div>
  );
});

function asString(value: Json | undefined): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function TextControl(props: {
  id: string;
  testId: string;
  value: string;
  multiline?: boolean;
  url?: boolean;
  onChange: (value: string) => void;
}) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const { draft, setDraft } = useTextDraft(props.value, ref);
  const change = (next: string) => {
    setDraft(next);
    props.onChange(next);
  };
  if (props.multiline) {
    return (
      <textarea
        ref={ref}
        id={props.id}
        data-testid={props.testId}
        className="input input--multiline"
        rows={4}
        value={draft}
        onChange={(event) => change(event.target.value)}
      />
    );
  }
  const unsafe = props.url === true && isUnsafeUrl(draft);
  return (
    <>
      <input
        ref={ref}
        id={props.id}
        data-testid={props.testId}
        className="input"
        type={props.url ? 'url' : 'text'}
        placeholder={props.url ? 'https://…' : undefined}
        spellCheck={props.url ? false : undefined}
        autoComplete="off"
        aria-invalid={unsafe || undefined}
        aria-describedby={unsafe ? `${props.id}-hint` : undefined}
        value={draft}
        onChange={(event) => change(event.target.value)}
      />
      {unsafe && (
        <p className="field__hint field__hint--warn" id={`${props.id}-hint`}>
          Only http(s), mailto and relative links are followed; this one will do nothing.
        </p>
      )}
    </>
  );
}

function NumberControl(props: { id: string; testId: string; field: NumberField; value: number; onChange: (value: number) => void }) {
  const { field } = props;
  const { draft, setDraft, reset } = useDraft(String(props.value));
  const parsed = draft.trim() === '' ? Number.NaN : Number(draft);
  const invalid = checkFieldValue(field, parsed) !== null;
  return (
    <div className="input-group">
      <input
        id={props.id}
        data-testid={props.testId}
        className="input"
        type="number"
        inputMode="decimal"
        min={field.min}
        max={field.max}
        step={field.step ?? 1}
        value={draft}
        aria-invalid={invalid || undefined}
        onChange={(event) => {
          const next = event.target.value;
          setDraft(next);
          const number = next.trim() === '' ? Number.NaN : Number(next);
          if (checkFieldValue(field, number) === null) props.onChange(number);
        }}
        onBlur={() => {
          if (invalid) reset();
        }}
      />
      {field.unit && <span className="input-group__unit">{field.unit}</span>}
      {invalid && (
        <p className="field__hint field__hint--warn">
          {field.min !== undefined && field.max !== undefined ? `Between ${field.min} and ${field.max}` : 'A number'}
        </p>
      )}
    </div>
  );
}

function ColorControl(props: { id: string; testId: string; label: string; value: string; onChange: (value: string) => void }) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const { draft, setDraft, reset } = useTextDraft(props.value, ref);
  const valid = (text: string) => text === '' || safeColor(text) !== undefined;
  const change = (next: string) => {
    setDraft(next);
    if (valid(next.trim())) props.onChange(next.trim());
  };
  const shown = safeColor(props.value);
  return (
    <div className="color">
      <span className={`color__swatch${shown ? '' : ' color__swatch--none'}`} style={{ backgroundColor: shown }}>
        <input
          type="color"
          aria-label={`${props.label} picker`}
          value={toColorInputValue(props.value)}
          onChange={(event) => change(event.target.value)}
        />
      </span>
      <input
        ref={ref}
        id={props.id}
        data-testid={props.testId}
        className="input color__hex"
        type="text"
        placeholder="none"
        spellCheck={false}
        autoComplete="off"
        maxLength={9}
        aria-invalid={!valid(draft.trim()) || undefined}
        value={draft}
        onChange={(event) => change(event.target.value)}
        onBlur={() => {
          if (!valid(draft.trim())) reset();
        }}
      />
      {props.value !== '' && (
        <button type="button" className="icon-button" title="No colour" aria-label={`Clear ${props.label}`} onClick={() => change('')}>
          <Icon name="close" size={14} />
        </button>
      )}
    </div>
  );
}

function ListControl(props: { testId: string; label: string; value: string[]; onChange: (value: string[]) => void }) {
  const { value } = props;
  const replace = (index: number, item: string) => props.onChange(value.map((v, i) => (i === index ? item : v)));
  const remove = (index: number) => props.onChange(value.filter((_, i) => i !== index));
  const move = (index: number, by: number) => {
    const next = [...value];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item as string);
    props.onChange(next);
  };
  return (
    <div className="list-control" data-testid={props.testId}>
      {value.length === 0 && <p className="field__hint">No items yet.</p>}
      {value.map((item, index) => (
        <div className="list-control__row" key={index}>
          <ListItemInput value={item} label={`${props.label} ${index + 1}`} onChange={(next) => replace(index, next)} />
          <button
            type="button"
            className="icon-button"
            aria-label={`Move item ${index + 1} up`}
            disabled={index === 0}
            onClick={() => move(index, -1)}
          >
            <Icon name="up" size={14} />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={`Move item ${index + 1} down`}
            disabled={index === value.length - 1}
            onClick={() => move(index, 1)}
          >
            <Icon name="down" size={14} />
          </button>
          <button
            type="button"
            className="icon-button icon-button--danger"
            aria-label={`Remove item ${index + 1}`}
            onClick={() => remove(index)}
          >
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
      <button type="button" className="button button--small" onClick={() => props.onChange([...value, 'New item'])}>
        <Icon name="plus" size={14} /> Add item
      </button>
    </div>
  );
}

function ListItemInput(props: { value: string; label: string; onChange: (value: string) => void }) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const { draft, setDraft } = useTextDraft(props.value, ref);
  return (
    <input
      ref={ref}
      className="input"
      type="text"
      aria-label={props.label}
      value={draft}
      onChange={(event) => {
        setDraft(event.target.value);
        props.onChange(event.target.value);
      }}
    />
  );
}
