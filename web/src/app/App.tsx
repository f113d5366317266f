import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { isProblem } from '../lib/api/problem';
import { createRouter } from './router';
import { cssVariablesResolver, theme } from './theme';

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not change by asking again; network trouble and 503 may.
        retry: (count, error) => count < 2 && !(isProblem(error) && error.status >= 400 && error.status < 500),
        refetchOnWindowFocus: false,
        // Screens hand query results to render props and tab panels that read them later than
        // the hook's owner renders. TanStack's default re-renders the owner only when a property
        // read during its render changes: the assignment page read only the call's `isError`, so
        // the call's data arriving last re-rendered nothing, and the scores tab, opened after,
        // showed the stale "loading" snapshot for good. Every change re-renders instead.
        notifyOnChangeProps: 'all',
      },
      mutations: { retry: false },
    },
  });
}

export function App() {
  const [client] = useState(createQueryClient);
  const [router] = useState(createRouter);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={client}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
