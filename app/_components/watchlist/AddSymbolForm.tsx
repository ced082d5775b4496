"use client";
import { useId, useState, type FormEvent } from "react";
import type { Suggestion } from "./useSymbolSuggestions";
import { checkNewSymbol } from "./watchlistParams";

const KIND_LABELS = { stock: "Stock", etf: "ETF", crypto: "Crypto" } as const;

export interface AddSymbolFormProps {
  watched: readonly string[];
  /** The feed's symbols with their kind; offered as suggestions and used to reject unknown input. */
  suggestions: readonly Suggestion[];
  onAdd(symbol: string): void;
}

/** "Add symbol" box: Enter adds (upper-cased); a bad or unknown symbol gets an inline message. */
export function AddSymbolForm({ watched, suggestions, onAdd }: AddSymbolFormProps) {
  const [value, setValue] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const listId = useId();
  const messageId = useId();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const check = checkNewSymbol(
      value,
      watched,
      suggestions.map((s) => s.symbol),
    );
    if (!check.ok) {
      setMessage(check.message);
      return;
    }
    onAdd(check.symbol);
    setValue("");
    setMessage(null);
  };

  return (
    <form className="add-symbol" onSubmit={submit} noValidate>
      <input
        type="text"
        className="add-symbol__input"
        aria-label="Add symbol"
        placeholder="Add symbol, e.g. TSLA"
        list={listId}
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          if (message) setMessage(null);
        }}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        enterKeyHint="done"
        aria-invalid={message !== null}
        aria-describedby={message !== null ? messageId : undefined}
      />
      <datalist id={listId}>
        {suggestions
          .filter((s) => !watched.includes(s.symbol))
          .map((s) => (
            <option key={s.symbol} value={s.symbol} label={s.kind ? `${s.symbol} · ${KIND_LABELS[s.kind]}` : undefined} />
          ))}
      </datalist>
      <button type="submit" className="button">
        Add
      </button>
      {message !== null && (
        <p id={messageId} className="add-symbol__message" role="alert">
          {message}
        </p>
      )}
    </form>
  );
}
