import { Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export interface Column {
  label: string;
  /** Amounts are right-aligned, so their digits line up. */
  align?: 'right';
}

/** One dashboard list: a titled section with a captioned table, or a sentence when it is empty. */
export function ListSection({ id, title, empty, caption, columns, rows }: { id: string; title: string; empty: string; caption: string; columns: Column[]; rows: { key: string; cells: ReactNode[] }[] }) {
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="xs">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text c="dimmed">{empty}</Text>
      ) : (
        <Table withTableBorder striped captionSide="top">
          <Table.Caption>{caption}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => (
                <Table.Th key={c.label} scope="col" ta={c.align}>
                  {c.label}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.key}>
                {row.cells.map((cell, i) => (
                  <Table.Td key={columns[i]?.label ?? i} ta={columns[i]?.align}>
                    {cell}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </section>
  );
}
